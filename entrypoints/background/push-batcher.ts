import type { TabPush } from '../../utils/inbox/types';

/** How long a push waits for others: one mutation's events (a message and its status change) then travel together. */
export const PUSH_BATCH_MS = 25;

export type Timer = { set(fn: () => void, ms: number): unknown };
export const realTimer: Timer = { set: (fn, ms) => setTimeout(fn, ms) };

/**
 * Collects pushes for every tab for a few milliseconds and hands them over as one message, in order. Each port
 * message costs the WhatsApp tab a task of its own (about a third of a millisecond before any script runs), and a
 * busy feed sends several changes at once.
 */
export class PushBatcher {
  private pending: TabPush[] = [];
  private scheduled = false;

  constructor(
    private deliver: (push: TabPush) => void,
    private windowMs = PUSH_BATCH_MS,
    private timer: Timer = realTimer,
  ) {}

  push(p: TabPush) {
    this.pending.push(p);
    if (this.scheduled) return;
    this.scheduled = true;
    this.timer.set(() => this.flush(), this.windowMs);
  }

  flush() {
    this.scheduled = false;
    const pushes = this.pending;
    this.pending = [];
    if (pushes.length === 1) this.deliver(pushes[0]);
    else if (pushes.length > 1) this.deliver({ type: 'batch', pushes });
  }
}
