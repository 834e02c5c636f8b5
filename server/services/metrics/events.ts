import type { Deps } from '../deps';
import type { MetricEvent } from '../../domain/metrics/types';

/** The event types the metric definitions read; lock renewals and notes never change a figure. */
const METRIC_TYPES = [
  'conversation.created',
  'ownership.claimed',
  'ownership.assigned',
  'ownership.released',
  'ownership.handed_off',
  'ownership.taken_over',
  'status.changed',
  'conversation.queue_changed',
  'message.observed',
  'send.reported',
  'send.held',
  'send.override',
  'send.slipped',
  'sla.breached',
];

/**
 * The history the figures for [from, to) depend on: every metric event of each conversation that had an
 * event since `from` or is not resolved now (so a chat left untouched but open still counts), with each
 * conversation's current queue.
 */
export async function loadMetricHistory(
  deps: Deps,
  workspaceId: string,
  from: number,
): Promise<{ events: MetricEvent[]; currentQueues: Record<string, string> }> {
  return deps.store.metrics.history(workspaceId, from, { types: METRIC_TYPES, typePrefix: 'automation.handoff' });
}
