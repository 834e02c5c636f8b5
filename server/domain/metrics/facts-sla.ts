import type { Breach, EpisodeOutcome, MetricEvent } from './types';
import { walk } from './walk';

export interface SlaFacts {
  breaches: Breach[];
  outcomes: EpisodeOutcome[];
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Breaches as raised (queue and owner as the event recorded them) and each episode's outcome. */
export function slaFacts(events: readonly MetricEvent[], currentQueue: string): SlaFacts {
  const out: SlaFacts = { breaches: [], outcomes: [] };
  const outcomes = new Map<number, EpisodeOutcome>();
  const outcome = (conversationId: string, episode: number) => {
    let o = outcomes.get(episode);
    if (!o) {
      o = { conversationId, episode, resolvedAt: null, firstBreachAt: null, queue: currentQueue, memberId: null };
      outcomes.set(episode, o);
      out.outcomes.push(o);
    }
    return o;
  };
  walk(events, currentQueue, (e, before, after) => {
    const id = e.conversationId!;
    if (e.type === 'sla.breached') {
      const episode = typeof e.data.episode === 'number' ? e.data.episode : before.episode;
      const b: Breach = {
        conversationId: id,
        at: e.at,
        episode,
        target: str(e.data.target) ?? 'unknown',
        queue: str(e.data.queue) ?? before.queue,
        memberId: str(e.data.ownerId),
      };
      out.breaches.push(b);
      const o = outcome(id, episode);
      if (o.firstBreachAt === null) Object.assign(o, { firstBreachAt: e.at, queue: b.queue, memberId: b.memberId });
    }
    if (e.type === 'status.changed' && e.data.to === 'resolved' && before.status !== 'resolved') {
      const o = outcome(id, before.episode);
      Object.assign(o, { resolvedAt: e.at }, o.firstBreachAt === null ? { queue: after.queue, memberId: before.ownerId } : {});
    }
  });
  return out;
}
