import type { ReportsAck } from '../../utils/inbox/types';
import { realTimer, type Timer } from './push-batcher';

/** Acknowledgements go back at most this often: one message covers every batch a tab sent meanwhile. */
export const ACK_EVERY_MS = 1_000;

/** One tab port's acknowledgements of the report batches the worker has put in its outbox. */
export class ReportAcks {
  private upTo = 0;
  private scheduled = false;

  constructor(
    private post: (ack: ReportsAck) => void,
    private windowMs = ACK_EVERY_MS,
    private timer: Timer = realTimer,
  ) {}

  /** Call once the batch is in the outbox: from then on a lost port loses nothing. */
  stored(seq: number) {
    this.upTo = Math.max(this.upTo, seq);
    if (this.scheduled) return;
    this.scheduled = true;
    this.timer.set(() => {
      this.scheduled = false;
      this.post({ type: 'ack', upTo: this.upTo });
    }, this.windowMs);
  }
}
