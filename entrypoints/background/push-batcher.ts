import type { TabPush } from '../../utils/inbox/types';
import { oncePerWindow, realTimer, type Timer } from './once-per-window';

/** How long a push waits for others: one mutation's events (a message and its status change) then travel together. */
export const PUSH_BATCH_MS = 25;

/**
 * Collects pushes for every tab for a few milliseconds and hands them over as one message, in order. Each port
 * message costs the WhatsApp tab a task of its own before any script runs, and a busy feed sends several changes at
 * once.
 */
export class PushBatcher {
  private pending: TabPush[] = [];
  private schedule: () => void;

  constructor(
    private deliver: (push: TabPush) => void,
    windowMs = PUSH_BATCH_MS,
    timer: Timer = realTimer,
  ) {
    this.schedule = oncePerWindow(() => this.flush(), windowMs, timer);
  }

  push(p: TabPush) {
    this.pending.push(p);
    this.schedule();
  }

  private flush() {
    const pushes = this.pending;
    this.pending = [];
    if (pushes.length === 1) this.deliver(pushes[0]);
    else if (pushes.length > 1) this.deliver({ type: 'batch', pushes });
  }
}
