import { IANAZone } from 'luxon';
import { z } from 'zod';
import { Id, EpochMs, QueueName, Str } from '../../../utils/schemas/common';
import { summariseReport } from '../../domain/metrics/report';
import { summarise } from '../../domain/metrics/summary';
import { dayBuckets, firstResponseTrend } from '../../domain/metrics/trend';
import type { Actor, Deps } from '../deps';
import { listMembers } from '../members';
import { loadMetricHistory } from './events';
import { ServiceError } from '../service-error';
import { loadSettings } from '../workspace-settings';

const DAY = 86_400_000;

const RANGE = {
  from: EpochMs,
  to: EpochMs,
  /** Open episodes older than this with a customer waiting are unresolved. @default 24 h */
  unresolvedAfterMs: z
    .number()
    .int()
    .positive()
    .max(90 * DAY)
    .optional(),
};
const checkedRange = <T extends z.ZodType<{ from: number; to: number }>>(schema: T) =>
  schema
    .refine((v) => v.from < v.to, { message: 'from must be before to', path: ['to'] })
    .refine((v) => v.to - v.from <= 366 * DAY, { message: 'a range spans at most 366 days', path: ['to'] });

export const SummaryInput = checkedRange(z.object({ ...RANGE, queue: QueueName.optional(), memberId: Id.optional() }));
/** The report is the summary of the same range for the workspace, each queue and each member. */
export const ReportInput = checkedRange(z.object(RANGE));

export const TrendInput = z.object({
  days: z.number().int().min(1).max(90),
  /** Days are calendar days in this zone. @default 'UTC' */
  timeZone: Str()
    .refine((tz) => IANAZone.isValidZone(tz), 'not a valid IANA time zone')
    .default('UTC'),
  queue: QueueName.optional(),
});

async function slaQueues(deps: Deps, workspaceId: string) {
  const rows = await deps.store.slaPolicies.list(workspaceId);
  return rows.map((r) => r.queue);
}

const optionsOf = (input: { unresolvedAfterMs?: number }) => (input.unresolvedAfterMs ? { unresolvedAfterMs: input.unresolvedAfterMs } : {});

export async function metricsSummary(deps: Deps, actor: Actor, input: z.infer<typeof SummaryInput>) {
  if (input.memberId) {
    const m = await deps.store.members.get(actor.workspaceId, input.memberId);
    if (!m) throw new ServiceError('NOT_FOUND', 'no such member in this workspace');
  }
  const { events, currentQueues } = await loadMetricHistory(deps, actor.workspaceId, input.from);
  return summarise({ ...input, events, currentQueues, now: deps.now(), slaQueues: await slaQueues(deps, actor.workspaceId), options: optionsOf(input) });
}

/** The summary for the workspace, each queue and each member (revoked ones too: the range may predate it), with names. */
export async function metricsReport(deps: Deps, actor: Actor, input: z.infer<typeof ReportInput>) {
  const { events, currentQueues } = await loadMetricHistory(deps, actor.workspaceId, input.from);
  const [settings, members] = await Promise.all([loadSettings(deps.store, actor.workspaceId), listMembers(deps, actor.workspaceId, { includeRevoked: true })]);
  const report = summariseReport({
    from: input.from,
    to: input.to,
    events,
    currentQueues,
    now: deps.now(),
    slaQueues: await slaQueues(deps, actor.workspaceId),
    options: optionsOf(input),
    queues: settings.queues,
    memberIds: members.map((m) => m.id),
  });
  const names = new Map(members.map((m) => [m.id, { name: m.name, revoked: m.revoked }]));
  return { ...report, byMember: report.byMember.map((r) => ({ ...r, ...names.get(r.memberId)! })) };
}

export async function metricsTrend(deps: Deps, actor: Actor, input: z.infer<typeof TrendInput>) {
  const buckets = dayBuckets(deps.now(), input.days, input.timeZone);
  const { events, currentQueues } = await loadMetricHistory(deps, actor.workspaceId, buckets[0]!.from);
  return { timeZone: input.timeZone, days: firstResponseTrend(events, currentQueues, buckets, input.queue) };
}
