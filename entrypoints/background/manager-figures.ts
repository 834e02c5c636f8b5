import { storage } from '#imports';
import type { Result } from '../../utils/inbox/types';
import type { CoverageChats, CoverageChatsQuery, ManagerView, ManagerViewState } from '../../utils/metrics/manager-view';
import type { SummaryReport } from '../../utils/metrics/summary-csv';
import type { Api } from './api-client';
import type { Call } from './server-calls';

const DAY = 86_400_000;
/** The chart switches between 14 and 30 days; fetching 30 keeps the switch working offline. */
export const TREND_DAYS = 30;

interface LastKnown {
  /** Whose figures: another member or server signing in on this browser never sees them. */
  memberId: string;
  serverUrl: string;
  view: ManagerView;
  fetchedAt: number;
}

/** The last figures the server gave, kept in extension storage so a popup opened offline still shows them. */
export const lastManagerViewItem = storage.defineItem<LastKnown | null>('local:lastManagerView', { fallback: null, version: 1 });

export interface Viewer {
  memberId: string;
  serverUrl: string;
}

/** Coverage now, today's and the last 7 days' report, and the trend, in one round of calls. */
async function fetchManagerView(api: Api, timeZone: string, now: number): Promise<ManagerView> {
  const startOfDay = new Date(now);
  startOfDay.setHours(0, 0, 0, 0);
  const [coverage, today, week, trend] = await Promise.all([
    api.metrics.coverage.query(),
    api.metrics.report.query({ from: startOfDay.getTime(), to: now + 1 }),
    api.metrics.report.query({ from: now + 1 - 7 * DAY, to: now + 1 }),
    api.metrics.trend.query({ days: TREND_DAYS, timeZone }),
  ]);
  return { coverage, today, week, trend: trend.days };
}

/**
 * Fresh figures, remembered for later; when the server cannot be reached, the last known ones of this member,
 * marked stale with the time they were fetched. A refusal (not a manager any more) never falls back.
 */
export async function managerViewOrLastKnown(call: Call, viewer: Viewer | null, timeZone: string, now = Date.now): Promise<Result<ManagerViewState>> {
  const fetchedAt = now();
  const fresh = await call((api) => fetchManagerView(api, timeZone, fetchedAt));
  if (fresh.ok) {
    if (viewer) await lastManagerViewItem.setValue({ ...viewer, view: fresh.value, fetchedAt });
    return { ok: true, value: { view: fresh.value, fetchedAt, stale: false } };
  }
  const last = fresh.error.code === 'UNREACHABLE' && viewer ? await lastManagerViewItem.getValue() : null;
  if (last && last.memberId === viewer?.memberId && last.serverUrl === viewer.serverUrl)
    return { ok: true, value: { view: last.view, fetchedAt: last.fetchedAt, stale: true } };
  return fresh;
}

export const coverageChats = (call: Call, query: CoverageChatsQuery): Promise<Result<CoverageChats>> => call((api) => api.metrics.coverageChats.query(query));

export const summaryReport = (call: Call, range: { from: number; to: number }): Promise<Result<SummaryReport>> =>
  call((api) => api.metrics.report.query(range));
