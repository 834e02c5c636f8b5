/** The counts of the manager's "coverage now"; a chat's load counts apart (any unresolved status). */
export const COVERAGE_KINDS = ['open', 'unowned', 'unattended', 'warning', 'breaching'] as const;
export type CoverageKind = (typeof COVERAGE_KINDS)[number];

export interface ClockState {
  state: 'ok' | 'warning' | 'breached';
  dueAt: number;
}

/** A conversation row as coverage reads it, with its status already read at `now` (a passed snooze is open). */
export interface CoverageRow {
  status: string;
  ownerId: string | null;
  waitingSince: number | null;
  clocks: readonly ClockState[];
}

/**
 * Which coverage counts a chat is in: every count is about open chats; a breaching chat is not also warning.
 * The counts and the lists behind them both come from here, so a list always holds what its count says.
 */
export function coverageKinds(row: CoverageRow): CoverageKind[] {
  if (row.status !== 'open') return [];
  const kinds: CoverageKind[] = ['open'];
  if (!row.ownerId) kinds.push('unowned');
  if (row.waitingSince !== null) kinds.push('unattended');
  const states = row.clocks.map((c) => c.state);
  if (states.includes('breached')) kinds.push('breaching');
  else if (states.includes('warning')) kinds.push('warning');
  return kinds;
}

/** The worst running SLA state of a chat and its earliest due instant (null when no clock runs). */
export function slaOf(clocks: readonly ClockState[]): { state: ClockState['state'] | null; dueAt: number | null } {
  if (clocks.length === 0) return { state: null, dueAt: null };
  const states = clocks.map((c) => c.state);
  const state = states.includes('breached') ? 'breached' : states.includes('warning') ? 'warning' : 'ok';
  return { state, dueAt: Math.min(...clocks.map((c) => c.dueAt)) };
}

const SLA_RANK = { breached: 0, warning: 1, ok: 2 } as const;
const nullsLast = (v: number | null) => v ?? Number.POSITIVE_INFINITY;

/** The order a manager works a list in: breaching, then warning, then the earliest due, then the longest waiting. */
export function byUrgency<T extends { title: string; sla: ReturnType<typeof slaOf>; waitingSince: number | null }>(a: T, b: T): number {
  const rank = (x: T) => (x.sla.state === null ? 3 : SLA_RANK[x.sla.state]);
  return (
    rank(a) - rank(b) ||
    nullsLast(a.sla.dueAt) - nullsLast(b.sla.dueAt) ||
    nullsLast(a.waitingSince) - nullsLast(b.waitingSince) ||
    a.title.localeCompare(b.title)
  );
}
