import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../utils/metrics/csv';
import { SUMMARY_HEADER, summaryCsv, summaryCsvName, type SummaryFigures } from '../../../utils/metrics/summary-csv';

const none = { count: 0, p50Ms: null, p90Ms: null };
const range = { from: Date.UTC(2026, 2, 2), to: Date.UTC(2026, 2, 9) };
const figures = (over: Partial<SummaryFigures> = {}): SummaryFigures => ({
  range,
  evaluatedAt: range.to,
  firstResponse: { count: 3, p50Ms: 240_000, p90Ms: 720_500 },
  assignmentToFirstReply: none,
  replyTime: none,
  resolution: none,
  coverage: { open: 2, owned: 1, ownedShare: 0.5, unattended: 1, unownedMs: 90_000 },
  reassignments: { count: 1, unnecessary: 1, episodes: 2, perEpisode: 0.5 },
  unresolved: { thresholdMs: 86_400_000, count: 0 },
  followUps: { count: 2, nudged: 1 },
  sla: { episodes: 2, met: 1, adherence: 0.5, breaches: 1, breachesByQueue: {}, breachesByMember: {} },
  collisions: { held: 4, overrides: 1, slipped: 0, duplicates: 1 },
  unattributedSends: { count: 3, graceMs: 5_000 },
  ...over,
});

describe('the summary CSV', () => {
  const memberFigures = figures({ coverage: null, unattributedSends: null });
  const rows = parseCsv(
    summaryCsv({
      range,
      evaluatedAt: range.to,
      total: figures(),
      byQueue: [{ queue: 'support', figures: figures() }],
      byMember: [{ memberId: 'mem_1', revoked: false, name: '=cmd|" /C calc"!A0, Ana', figures: memberFigures }],
    }),
  );
  const col = (row: string[], name: string) => row[SUMMARY_HEADER.indexOf(name)];

  it('one row per part, each naming its scope and the range in UTC', () => {
    expect(rows[0]).toEqual(SUMMARY_HEADER);
    expect(rows.slice(1).map((r) => r.slice(0, 6))).toEqual([
      ['workspace', '', '', '', '2026-03-02T00:00:00.000Z', '2026-03-09T00:00:00.000Z'],
      ['queue', 'support', '', '', '2026-03-02T00:00:00.000Z', '2026-03-09T00:00:00.000Z'],
      ['member', '', 'mem_1', `'=cmd|" /C calc"!A0, Ana`, '2026-03-02T00:00:00.000Z', '2026-03-09T00:00:00.000Z'],
    ]);
  });

  it('durations in seconds, shares as fractions, absent figures empty', () => {
    const [, total, , member] = rows;
    expect([col(total!, 'first_response_count'), col(total!, 'first_response_p50_s'), col(total!, 'first_response_p90_s')]).toEqual(['3', '240', '720.5']);
    expect([col(total!, 'reply_time_p50_s'), col(total!, 'sla_adherence'), col(total!, 'owned_share'), col(total!, 'unowned_time_s')]).toEqual([
      '',
      '0.5',
      '0.5',
      '90',
    ]);
    expect([col(total!, 'collisions_prevented'), col(total!, 'overrides'), col(total!, 'duplicate_replies'), col(total!, 'unattributed_sends')]).toEqual([
      '4',
      '1',
      '1',
      '3',
    ]);
    expect([col(member!, 'open'), col(member!, 'unattributed_sends'), col(member!, 'follow_ups_nudged')]).toEqual(['', '', '1']);
    expect(rows.every((r) => r.length === SUMMARY_HEADER.length)).toBe(true);
  });

  it('is named for the days it covers (the range ends before `to`)', () => {
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    expect(summaryCsvName(range, day)).toBe('team-inbox-summary_2026-03-02_2026-03-08.csv');
  });
});
