import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../utils/metrics/csv';
import { FIGURE_COLUMNS, SUMMARY_HEADER, summaryCsv } from '../../../utils/metrics/summary-csv';
import { openStoreForSuite, storeFactories } from '../support/stores';
import { serviceDay } from './service-day';

/** A parsed cell as the figure it stands for: empty is null, anything else a number. */
const figure = (cell: string) => (cell === '' ? null : Number(cell));

describe.each(storeFactories)('the summary CSV of a scripted day matches metrics.summary: $name', (factory) => {
  const opened = openStoreForSuite(factory);

  it('has the documented columns, a row per part, and every figure of metrics.summary for that part', async () => {
    const w = await serviceDay(opened().store);
    const { mia, ana, bo } = w;
    const report = await mia.api.metrics.report(w.range);
    const rows = parseCsv(summaryCsv(report));
    const [header, ...body] = rows;
    expect(header).toEqual([
      'scope',
      'queue',
      'member_id',
      'member',
      'from',
      'to',
      'first_response_count',
      'first_response_p50_s',
      'first_response_p90_s',
      'assignment_to_first_reply_count',
      'assignment_to_first_reply_p50_s',
      'assignment_to_first_reply_p90_s',
      'reply_time_count',
      'reply_time_p50_s',
      'reply_time_p90_s',
      'resolution_count',
      'resolution_p50_s',
      'resolution_p90_s',
      'sla_episodes',
      'sla_met',
      'sla_adherence',
      'sla_breaches',
      'follow_ups',
      'follow_ups_nudged',
      'reassignments',
      'reassignments_unnecessary',
      'reassignment_episodes',
      'reassignments_per_episode',
      'collisions_prevented',
      'overrides',
      'collisions_slipped',
      'duplicate_replies',
      'unattributed_sends',
      'open',
      'owned',
      'owned_share',
      'unattended',
      'unowned_time_s',
      'unresolved',
    ]);
    expect(header).toEqual(SUMMARY_HEADER);
    const members = (await mia.api.members.list()).map((m) => m.id);
    // The workspace, its four default queues, and every member (admin, Mia, Ana, Bo).
    expect(body.map((r) => r.slice(0, 3).join('|'))).toEqual([
      'workspace||',
      'queue|pre-sales|',
      'queue|support|',
      'queue|escalation|',
      'queue|post-sale|',
      ...members.map((id) => `member||${id}`),
    ]);
    for (const row of body) {
      const [scope, queue, memberId, , from, to] = row;
      expect([from, to]).toEqual([new Date(w.range.from).toISOString(), new Date(w.range.to).toISOString()]);
      const summary = await mia.api.metrics.summary({ ...w.range, ...(scope === 'queue' ? { queue } : {}), ...(scope === 'member' ? { memberId } : {}) });
      expect(row.slice(6).map(figure), `${scope} ${queue}${memberId}`).toEqual(FIGURE_COLUMNS.map(([, read]) => read(summary)));
    }

    // A few figures of the day worked out by hand, read from the file by column name.
    const cell = (scope: string, id: string, column: string) => {
      const row = body.find((r) => r[0] === scope && (r[1] === id || r[2] === id))!;
      return figure(row[header!.indexOf(column)]!);
    };
    // First replies: chat1 4 min, chat2 12 min (after its breach), chat3 6 min (10:00 -> 10:06) -> [4, 6, 12].
    expect([
      cell('workspace', '', 'first_response_count'),
      cell('workspace', '', 'first_response_p50_s'),
      cell('workspace', '', 'first_response_p90_s'),
    ]).toEqual([3, 360, 720]);
    // Resolutions: chat2 50 min, chat3 30 min, chat1 120 min.
    expect([cell('workspace', '', 'resolution_p50_s'), cell('workspace', '', 'resolution_p90_s')]).toEqual([50 * 60, 120 * 60]);
    // Support decided chat1 (met) and chat2 (breached); pre-sales has no policy, so chat3 is not counted.
    expect([cell('queue', 'support', 'sla_episodes'), cell('queue', 'support', 'sla_met'), cell('queue', 'support', 'sla_adherence')]).toEqual([2, 1, 0.5]);
    expect(cell('queue', 'pre-sales', 'sla_episodes')).toBe(0);
    expect([cell('workspace', '', 'follow_ups'), cell('workspace', '', 'follow_ups_nudged')]).toEqual([2, 1]);
    // Bo -> Ana by handoff; Ana resolved without replying: unnecessary, and it is Ana's (the new owner).
    expect([cell('member', ana.id, 'reassignments'), cell('member', ana.id, 'reassignments_unnecessary')]).toEqual([1, 1]);
    expect([cell('member', ana.id, 'collisions_prevented'), cell('member', ana.id, 'overrides'), cell('member', ana.id, 'duplicate_replies')]).toEqual([
      1, 1, 1,
    ]);
    expect(cell('member', bo.id, 'first_response_p50_s')).toBe(12 * 60);
    // At 12:00 only chat4 is open: unowned and waiting; a member's row has no coverage.
    expect([cell('workspace', '', 'open'), cell('workspace', '', 'owned'), cell('workspace', '', 'unattended')]).toEqual([1, 0, 1]);
    expect(cell('member', ana.id, 'open')).toBeNull();
    w.world.hub.close();
  });
});
