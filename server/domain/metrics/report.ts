import { figuresFor, prepareSummary, queuesOf, type SummaryInput } from './summary';

export interface ReportInput extends Omit<SummaryInput, 'queue' | 'memberId'> {
  /** The workspace's queues, in its order; queues only the history names follow them, sorted. */
  queues: readonly string[];
  memberIds: readonly string[];
}

/**
 * The summary of [from, to) for the workspace, each queue and each member, read from one pass over the history:
 * each part is exactly what `summarise` gives for that queue or member alone.
 */
export function summariseReport(input: ReportInput) {
  const p = prepareSummary(input);
  const queues = [...input.queues, ...queuesOf(p).filter((q) => !input.queues.includes(q))];
  return {
    range: { from: input.from, to: input.to },
    evaluatedAt: p.at,
    total: figuresFor(p, {}),
    byQueue: queues.map((queue) => ({ queue, figures: figuresFor(p, { queue }) })),
    byMember: input.memberIds.map((memberId) => ({ memberId, figures: figuresFor(p, { memberId }) })),
  };
}
export type MetricsReport = ReturnType<typeof summariseReport>;
