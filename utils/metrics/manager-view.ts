import type { SummaryReport } from './summary-csv';

/** The coverage counts a manager can open the list of (docs/metrics.md, `metrics.coverage`). */
export type CoverageKind = 'open' | 'unowned' | 'unattended' | 'warning' | 'breaching';
export type CoverageCounts = Record<CoverageKind, number>;

export interface TeamMemberNow {
  id: string;
  name: string;
  role: string;
  availability: string;
  online: boolean;
  load: number;
  capacity: number;
  connections: Array<{ channelId: string | null; browser: string | null; lastSeen: number }>;
}

export interface CoverageNow {
  at: number;
  total: CoverageCounts & { ownedShare: number | null };
  byQueue: Record<string, CoverageCounts>;
  members: TeamMemberNow[];
}

/** One calendar day of the first-response trend. */
export interface TrendDay {
  day: string;
  from: number;
  to: number;
  count: number;
  p50Ms: number | null;
  p90Ms: number | null;
}

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
export type CoverageChatsQuery = { kind: CoverageKind; queue?: string } | { kind: 'load'; memberId: string };

export interface CoverageChat {
  id: string;
  title: string;
  phone: string | null;
  queue: string;
  status: string;
  ownerId: string | null;
  priority: string;
  waitingSince: number | null;
  sla: { state: 'ok' | 'warning' | 'breached' | null; dueAt: number | null };
}

export interface CoverageChats {
  at: number;
  total: number;
  conversations: CoverageChat[];
}
