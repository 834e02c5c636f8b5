import type { ReportsAck } from '../../utils/inbox/types';
import { oncePerWindow, realTimer, type Timer } from './once-per-window';

/** Acknowledgements go back at most this often: one message covers every batch a tab sent meanwhile. */
export const ACK_EVERY_MS = 1_000;

/** One tab port's acknowledgements of the report batches the worker has put in its outbox. */
export class ReportAcks {
  private upTo = 0;
  private schedule: () => void;

  constructor(post: (ack: ReportsAck) => void, windowMs = ACK_EVERY_MS, timer: Timer = realTimer) {
    this.schedule = oncePerWindow(() => post({ type: 'ack', upTo: this.upTo }), windowMs, timer);
  }

  /** Call once the batch is in the outbox: from then on a lost port loses nothing. */
  stored(seq: number) {
    this.upTo = Math.max(this.upTo, seq);
    this.schedule();
  }
}
