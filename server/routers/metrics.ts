import { managerProcedure, router } from '../trpc';
import type { Context } from '../context';
import { CoverageChatsInput, metricsCoverage, metricsCoverageChats } from '../services/metrics/coverage';
import { metricsReport, metricsSummary, metricsTrend, ReportInput, SummaryInput, TrendInput } from '../services/metrics/summary';

const WEEK_MS = 7 * 86_400_000;
/** A read over a long range costs what it is: one call per week of range against the member's budget (the first is already counted). */
function chargeForRange(ctx: Context & { actor: { memberId: string } }, rangeMs: number) {
  const weeks = Math.ceil(rangeMs / WEEK_MS);
  if (weeks > 1) ctx.deps.limiter?.hit('member', ctx.actor.memberId, weeks - 1);
}

/** The manager's figures (definitions in docs/metrics.md). */
export const metricsRouter = router({
  /** Figures over [from, to), for the workspace or one queue or member. */
  summary: managerProcedure.input(SummaryInput).query(({ ctx, input }) => {
    chargeForRange(ctx, input.to - input.from);
    return metricsSummary(ctx.deps, ctx.actor, input);
  }),
  /** The summary over [from, to) for the workspace, each queue and each member: the popup's tables and its CSV. */
  report: managerProcedure.input(ReportInput).query(({ ctx, input }) => {
    chargeForRange(ctx, input.to - input.from);
    return metricsReport(ctx.deps, ctx.actor, input);
  }),
  /** Coverage right now: open, unowned, unattended, warning, breaching by queue; each member's load and presence. */
  coverage: managerProcedure.query(({ ctx }) => metricsCoverage(ctx.deps, ctx.actor)),
  /** The chats behind one coverage count (optionally in one queue) or behind a member's load, most urgent first. */
  coverageChats: managerProcedure.input(CoverageChatsInput).query(({ ctx, input }) => metricsCoverageChats(ctx.deps, ctx.actor, input)),
  /** Daily first-response p50 over the last `days` days, for the popup's chart. */
  trend: managerProcedure.input(TrendInput).query(({ ctx, input }) => {
    chargeForRange(ctx, input.days * 86_400_000);
    return metricsTrend(ctx.deps, ctx.actor, input);
  }),
});
