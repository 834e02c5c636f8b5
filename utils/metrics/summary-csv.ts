import type { ServerOutputs } from '../server-contract';
import { toCsv, type Cell } from './csv';

/** What `metrics.report` answers: the summary of one range for the workspace, each queue and each member. */
export type SummaryReport = ServerOutputs['metrics']['report'];
/** The figures of `metrics.summary` the export writes (docs/metrics.md defines each). */
export type SummaryFigures = SummaryReport['total'];
type Distribution = SummaryFigures['firstResponse'];

// Durations are written in seconds (exact: ms / 1000), shares as fractions (0.8), absent figures as empty cells.
const seconds = (ms: number | null) => (ms === null ? null : ms / 1000);
const dist = (name: string, pick: (f: SummaryFigures) => Distribution): Array<[string, (f: SummaryFigures) => Cell]> => [
  [`${name}_count`, (f) => pick(f).count],
  [`${name}_p50_s`, (f) => seconds(pick(f).p50Ms)],
  [`${name}_p90_s`, (f) => seconds(pick(f).p90Ms)],
];

/** The figure columns, in file order; each reads one figure of a summary. */
export const FIGURE_COLUMNS: ReadonlyArray<[string, (f: SummaryFigures) => Cell]> = [
  ...dist('first_response', (f) => f.firstResponse),
  ...dist('assignment_to_first_reply', (f) => f.assignmentToFirstReply),
  ...dist('reply_time', (f) => f.replyTime),
  ...dist('resolution', (f) => f.resolution),
  ['sla_episodes', (f) => f.sla.episodes],
  ['sla_met', (f) => f.sla.met],
  ['sla_adherence', (f) => f.sla.adherence],
  ['sla_breaches', (f) => f.sla.breaches],
  ['follow_ups', (f) => f.followUps.count],
  ['follow_ups_nudged', (f) => f.followUps.nudged],
  ['reassignments', (f) => f.reassignments.count],
  ['reassignments_unnecessary', (f) => f.reassignments.unnecessary],
  ['reassignment_episodes', (f) => f.reassignments.episodes],
  ['reassignments_per_episode', (f) => f.reassignments.perEpisode],
  ['collisions_prevented', (f) => f.collisions.held],
  ['overrides', (f) => f.collisions.overrides],
  ['collisions_slipped', (f) => f.collisions.slipped],
  ['duplicate_replies', (f) => f.collisions.duplicates],
  ['unattributed_sends', (f) => f.unattributedSends?.count ?? null],
  ['open', (f) => f.coverage?.open ?? null],
  ['owned', (f) => f.coverage?.owned ?? null],
  ['owned_share', (f) => f.coverage?.ownedShare ?? null],
  ['unattended', (f) => f.coverage?.unattended ?? null],
  ['unowned_time_s', (f) => seconds(f.coverage?.unownedMs ?? null)],
  ['unresolved', (f) => f.unresolved.count],
];

/** The columns that say which part of the report a row is. */
export const SCOPE_COLUMNS = ['scope', 'queue', 'member_id', 'member', 'from', 'to'] as const;
export const SUMMARY_HEADER: readonly string[] = [...SCOPE_COLUMNS, ...FIGURE_COLUMNS.map(([name]) => name)];

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The summary export: one row for the workspace, one per queue, one per member, each with the range it covers
 * ([from, to) in UTC) and every figure of `metrics.summary` for that part.
 */
export function summaryCsv(report: SummaryReport): string {
  const range = [iso(report.range.from), iso(report.range.to)];
  const row = (scope: Cell[], f: SummaryFigures): Cell[] => [...scope, ...range, ...FIGURE_COLUMNS.map(([, read]) => read(f))];
  return toCsv(SUMMARY_HEADER, [
    row(['workspace', null, null, null], report.total),
    ...report.byQueue.map((q) => row(['queue', q.queue, null, null], q.figures)),
    ...report.byMember.map((m) => row(['member', null, m.memberId, m.name], m.figures)),
  ]);
}

/** A file name naming the days covered: the last day is the one before `to` (the range is half-open). */
export function summaryCsvName(range: { from: number; to: number }, day: (ms: number) => string): string {
  return `team-inbox-summary_${day(range.from)}_${day(range.to - 1)}.csv`;
}
