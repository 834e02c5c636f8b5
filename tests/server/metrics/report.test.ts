import { describe, expect, it } from 'vitest';
import { summariseReport } from '../../../server/domain/metrics/report';
import { summarise } from '../../../server/domain/metrics/summary';
import { MIN, scriptedDay, T } from './script';

const day = scriptedDay();
const base = { ...day, from: T(0), to: T(0, 0, 1), now: T(18) };

describe('the report: the summary for the workspace, each queue and each member in one pass', () => {
  const report = summariseReport({ ...base, queues: ['support', 'escalation'], memberIds: ['ana', 'bo', 'cy', 'dee'] });

  it('each part equals summarise for that queue or member alone', () => {
    expect(report.total).toEqual(summarise(base));
    for (const { queue, figures } of report.byQueue) expect(figures).toEqual(summarise({ ...base, queue }));
    for (const { memberId, figures } of report.byMember) expect(figures).toEqual(summarise({ ...base, memberId }));
  });

  it('lists the workspace queues in its order, then queues only the history names; every member asked for', () => {
    // pre-sales is not among the configured queues here but c2 lives in it; escalation has no chat and still shows.
    expect(report.byQueue.map((q) => q.queue)).toEqual(['support', 'escalation', 'pre-sales']);
    expect(report.byMember.map((m) => m.memberId)).toEqual(['ana', 'bo', 'cy', 'dee']);
    expect(report.range).toEqual({ from: T(0), to: T(0, 0, 1) });
    expect(report.evaluatedAt).toBe(T(18));
  });

  it('SLA adherence by queue, worked by hand', () => {
    const by = Object.fromEntries(report.byQueue.map((q) => [q.queue, q.figures.sla]));
    // support: c1, c5, c6 resolved without a breach, c3 breached -> 3 of 4. pre-sales: c2 resolved, met -> 1 of 1.
    expect(by.support).toMatchObject({ episodes: 4, met: 3, adherence: 0.75, breaches: 1 });
    expect(by['pre-sales']).toMatchObject({ episodes: 1, met: 1, adherence: 1, breaches: 0 });
    expect(by.escalation).toMatchObject({ episodes: 0, met: 0, adherence: null, breaches: 0 });
  });

  it('per member, worked by hand: first replies, resolutions, reassignments received, collisions', () => {
    const of = (id: string) => report.byMember.find((m) => m.memberId === id)!.figures;
    // Ana: c1 10, c3 46, c5 45, c6 5 -> [5, 10, 45, 46]; Bo: c2 30; Cy and Dee: none.
    expect(of('ana').firstResponse).toEqual({ count: 4, p50Ms: 10 * MIN, p90Ms: 46 * MIN });
    expect(of('bo').firstResponse).toEqual({ count: 1, p50Ms: 30 * MIN, p90Ms: 30 * MIN });
    expect(of('dee').firstResponse).toEqual({ count: 0, p50Ms: null, p90Ms: null });
    // Cy received two reassignments (c2 Bo->Cy, c6 Ana->Cy), both unnecessary; Bo one (c2 Cy->Bo), necessary.
    expect(of('cy').reassignments).toMatchObject({ count: 2, unnecessary: 2 });
    expect(of('bo').reassignments).toMatchObject({ count: 1, unnecessary: 0 });
    expect(of('bo').collisions).toEqual({ held: 1, overrides: 1, slipped: 0, duplicates: 1 });
    // Figures that belong to nobody stay out of a member's part.
    expect([of('ana').coverage, of('ana').unattributedSends]).toEqual([null, null]);
  });
});
