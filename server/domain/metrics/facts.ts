import { collisionFacts, type CollisionFacts } from './facts-collisions';
import { ownershipFacts, type OwnershipFacts } from './facts-ownership';
import { responseFacts, type ResponseFacts } from './facts-responses';
import { slaFacts, type SlaFacts } from './facts-sla';
import type { MetricEvent, MetricsOptions } from './types';
import { byConversation } from './walk';

export type Facts = ResponseFacts & OwnershipFacts & CollisionFacts & SlaFacts;

/** Every fact of every conversation in the log, each stamped with its conversation, time, queue and member. */
export function extractFacts(
  events: readonly MetricEvent[],
  currentQueues: Record<string, string>,
  options: MetricsOptions,
  now: number,
  fallbackQueue = 'support',
): Facts {
  const all: Facts = {
    firstResponses: [],
    ownerFirstReplies: [],
    replies: [],
    resolutions: [],
    followUps: [],
    nudges: [],
    reassignments: [],
    spells: [],
    held: [],
    overrides: [],
    slipped: [],
    duplicates: [],
    unattributed: [],
    breaches: [],
    outcomes: [],
  };
  for (const [id, list] of byConversation(events)) {
    const queue = currentQueues[id] ?? fallbackQueue;
    const parts: Partial<Facts>[] = [
      responseFacts(list, queue),
      ownershipFacts(list, queue, options.bounceWindowMs),
      collisionFacts(list, queue, options.unattributedGraceMs, now),
      slaFacts(list, queue),
    ];
    for (const part of parts) {
      for (const [key, values] of Object.entries(part) as Array<[keyof Facts, unknown[]]>) (all[key] as unknown[]).push(...values);
    }
  }
  return all;
}
