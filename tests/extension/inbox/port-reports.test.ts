import { describe, expect, it } from 'vitest';
import { PortReports } from '../../../utils/inbox/port-reports';
import { ReportAcks } from '../../../entrypoints/background/report-acks';
import type { Report, ReportsAck, TabReports } from '../../../utils/inbox/types';

const report = (n: number): Report => ({ kind: 'held', conversationId: `c${n}`, reason: 'bot' });

describe('reports over the tab port', () => {
  it('keeps every batch until the worker acknowledges it, and sends the rest again on a new port', () => {
    const posted: TabReports[] = [];
    let connected = true;
    const slow: Report[][] = [];
    const r = new PortReports(
      (m) => connected && posted.push(m) > 0,
      (held) => slow.push(held),
    );
    r.send([report(1)]);
    r.send([report(2), report(3)]);
    r.send([]);
    expect(posted.map((m) => m.seq)).toEqual([1, 2]);
    r.acknowledged(1);
    expect(r.pending).toBe(1);
    // The port died with batch 3 in flight (the post itself failed): it waits, and goes with 2 on the next port.
    connected = false;
    r.send([report(4)]);
    connected = true;
    r.resend();
    expect(posted.map((m) => m.seq)).toEqual([1, 2, 2, 3]);
    expect(posted.at(-1)!.reports).toEqual([report(4)]);
    r.acknowledged(3);
    expect(r.pending).toBe(0);
    expect(slow).toEqual([]);
  });

  it('a worker that never acknowledges: the oldest batches go the slow way instead of piling up', () => {
    const slow: Report[][] = [];
    const r = new PortReports(
      () => true,
      (held) => slow.push(held),
    );
    for (let i = 1; i <= 502; i++) r.send([report(i)]);
    expect(r.pending).toBe(500);
    expect(slow).toEqual([[report(1)], [report(2)]]);
  });

  it('the worker acknowledges stored batches at most once a window, up to the highest', () => {
    const due: Array<() => void> = [];
    const acks: ReportsAck[] = [];
    const a = new ReportAcks((ack) => acks.push(ack), 1_000, { set: (fn) => due.push(fn) });
    a.stored(1);
    a.stored(3);
    a.stored(2);
    expect(due).toHaveLength(1);
    due.shift()!();
    expect(acks).toEqual([{ type: 'ack', upTo: 3 }]);
    a.stored(4);
    due.shift()!();
    expect(acks.at(-1)).toEqual({ type: 'ack', upTo: 4 });
  });
});
