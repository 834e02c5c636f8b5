import type { Report, TabReports } from './types';

/** Past this many unacknowledged batches the oldest are sent the slow way, one message each, rather than held. */
const MAX_UNACKED = 500;

/**
 * The tab's side of reports over its long-lived port to the worker. A one-off extension message opens and closes a
 * channel each time (three IPC messages and tasks in the WhatsApp tab); the port is already open. A port can die
 * with messages in flight, so every batch is kept until the worker acknowledges it and is sent again on reconnect.
 */
export class PortReports {
  private seq = 0;
  private unacked = new Map<number, Report[]>();

  constructor(
    /** Posts on the current port; false when there is none (the batch waits for the next connection). */
    private post: (message: TabReports) => boolean,
    /** The fallback for batches that have waited too long for an acknowledgement. */
    private sendSlowly: (reports: Report[]) => void,
  ) {}

  send(reports: Report[]) {
    if (reports.length === 0) return;
    const seq = ++this.seq;
    this.unacked.set(seq, reports);
    this.post({ type: 'reports', seq, reports });
    if (this.unacked.size > MAX_UNACKED) {
      const [oldest, held] = this.unacked.entries().next().value as [number, Report[]];
      this.unacked.delete(oldest);
      this.sendSlowly(held);
    }
  }

  acknowledged(upTo: number) {
    for (const seq of this.unacked.keys()) if (seq <= upTo) this.unacked.delete(seq);
  }

  /** A new port: everything not acknowledged on the old one goes again, in order (the server drops repeats). */
  resend() {
    for (const [seq, reports] of this.unacked) if (!this.post({ type: 'reports', seq, reports })) return;
  }

  get pending(): number {
    return this.unacked.size;
  }
}
