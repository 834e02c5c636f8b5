import type { Deps } from '../deps';
import { raiseDueAlarms, type Raised } from './raise';

const STUCK_RETRY_MS = 50;

export interface SlaTimerOptions {
  /** Longest sleep between checks, so an alarm set by another instance (or a new clock) is seen soon. @default 1000 */
  maxSleepMs?: number;
  /** Due conversations handled per query. @default 100 */
  batch?: number;
  /** Called after each conversation's alarms are raised (for counters and lateness histograms). */
  onRaised?: (raised: Raised) => void;
}

/**
 * Raises SLA warnings and breaches as they fall due. It keeps no state of its own: each wake asks the
 * store for every conversation whose next alarm (`sla_alarm_at`, indexed) has passed, raises those, then
 * sleeps until the nearest one, capped at maxSleepMs. Several instances may run it against one database.
 */
export class SlaTimer {
  private handle: NodeJS.Timeout | null = null;
  private stopped = true;
  private running: Promise<void> | null = null;
  private readonly maxSleepMs: number;
  private readonly batch: number;

  constructor(
    private readonly deps: Deps,
    private readonly opts: SlaTimerOptions = {},
  ) {
    this.maxSleepMs = opts.maxSleepMs ?? 1000;
    this.batch = opts.batch ?? 100;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.handle) clearTimeout(this.handle);
    this.handle = null;
    await this.running;
  }

  /** Raises everything due at deps.now(); returns how many alarms were raised by this call. */
  async runDue(): Promise<number> {
    let count = 0;
    for (;;) {
      const now = this.deps.now();
      const due = await this.deps.store.conversations.dueAlarms(now, this.batch);
      let progressed = false;
      for (const row of due) {
        const raised = await raiseDueAlarms(this.deps, row.workspace_id, row.id);
        if (!raised) continue;
        progressed = true;
        count += raised.alarms.length;
        this.opts.onRaised?.(raised);
      }
      // A full batch may hide more due rows; a batch that raised nothing (others won them) ends the round.
      if (due.length < this.batch || !progressed) return count;
    }
  }

  /** The nearest alarm not yet raised, across every workspace (a chat merged into another one is no longer measured). */
  nextAlarmAt(): Promise<number | null> {
    return this.deps.store.conversations.nextAlarmAt();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.handle = setTimeout(() => {
      this.running = this.tick();
    }, delayMs);
  }

  private async tick(): Promise<void> {
    let delay = this.maxSleepMs;
    try {
      const raised = await this.runDue();
      const next = await this.nextAlarmAt();
      // +1 ms: a timer never fires early, so the wake lands at or after the alarm instant.
      if (next !== null) delay = Math.max(0, Math.min(this.maxSleepMs, next - this.deps.now() + 1));
      // An alarm still due after a round that raised nothing is being raised elsewhere: do not spin on it.
      if (raised === 0 && delay === 0) delay = STUCK_RETRY_MS;
    } catch (err) {
      if (!this.stopped) this.deps.log.error({ err }, 'SLA timer round failed');
    }
    this.schedule(delay);
  }
}
