import type { ServerInputs, ServerOutputs } from '../server-contract';
import type { SummaryReport } from './summary-csv';

/** Coverage right now, as `metrics.coverage` answers it. */
export type CoverageNow = ServerOutputs['metrics']['coverage'];
export type TeamMemberNow = CoverageNow['members'][number];
export type CoverageCounts = CoverageNow['byQueue'][string];
/** The coverage counts a manager can open the list of (docs/metrics.md, `metrics.coverage`). */
export type CoverageKind = keyof CoverageCounts;

/** One calendar day of the first-response trend. */
export type TrendDay = ServerOutputs['metrics']['trend']['days'][number];

/** The manager's popup: coverage now, today's and the last 7 days' report, and 30 days of trend. */
export interface ManagerView {
  coverage: CoverageNow;
  today: SummaryReport;
  week: SummaryReport;
  trend: TrendDay[];
}

/** What the popup shows: the figures and when they were fetched; stale ones are the last known, kept for offline. */
export interface ManagerViewState {
  view: ManagerView;
  fetchedAt: number;
  stale: boolean;
}

/** Which chats to list: the ones behind a coverage count (in one queue or all), or behind a member's load. */
export type CoverageChatsQuery = ServerInputs['metrics']['coverageChats'];
export type CoverageChats = ServerOutputs['metrics']['coverageChats'];
export type CoverageChat = CoverageChats['conversations'][number];
