import { managerProcedure, router } from '../trpc';
import { metricsCoverage } from '../services/metrics-coverage';
import { metricsSummary, metricsTrend, SummaryInput, TrendInput } from '../services/metrics-summary';

/** The manager's figures (definitions in docs/metrics.md). */
export const metricsRouter = router({
  /** Figures over [from, to), for the workspace or one queue or member. */
  summary: managerProcedure.input(SummaryInput).query(({ ctx, input }) => metricsSummary(ctx.deps, ctx.actor, input)),
  /** Coverage right now: open, unowned, unattended, warning, breaching by queue; each member's load and presence. */
  coverage: managerProcedure.query(({ ctx }) => metricsCoverage(ctx.deps, ctx.actor)),
  /** Daily first-response p50 over the last `days` days, for the popup's chart. */
  trend: managerProcedure.input(TrendInput).query(({ ctx, input }) => metricsTrend(ctx.deps, ctx.actor, input)),
});
