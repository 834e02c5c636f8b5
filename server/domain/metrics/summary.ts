import { stateAt, unownedMs } from './coverage';
import { extractFacts, type Facts } from './facts';
import { distribution } from './percentiles';
import { DEFAULT_OPTIONS, type ConvState, type MetricEvent, type MetricsOptions } from './types';
import { byConversation, statusAt } from './walk';

export interface SummaryInput {
  events: readonly MetricEvent[];
  /** Each conversation's queue now: its starting queue when its history never moved it. */
  currentQueues: Record<string, string>;
  from: number;
  to: number;
  /** States (coverage, unresolved) are read at min(to, now); attribution waits for its grace period until now. */
  now: number;
  queue?: string;
  memberId?: string;
  /** Queues with an SLA policy: only their episodes count towards adherence. Every queue when left out. */
  slaQueues?: readonly string[];
  options?: Partial<MetricsOptions>;
}

/** Whose figures: the workspace's (neither), one queue's, one member's, or one member's in one queue. */
export interface Scope {
  queue?: string;
  memberId?: string;
}

type Tagged = { at: number; queue: string; memberId: string | null };

const countBy = (items: Tagged[], key: (t: Tagged) => string) =>
  items.reduce<Record<string, number>>((acc, t) => ({ ...acc, [key(t)]: (acc[key(t)] ?? 0) + 1 }), {});
const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** What every scope's figures are read from: the facts and each conversation's state, worked out once. */
export interface PreparedSummary {
  input: SummaryInput;
  options: MetricsOptions;
  facts: Facts;
  /** The evaluation instant of states: min(to, now). */
  at: number;
  convs: Array<{ id: string; list: MetricEvent[]; queueNow: string; state: ConvState | null }>;
}

export function prepareSummary(input: SummaryInput): PreparedSummary {
  const options = { ...DEFAULT_OPTIONS, ...input.options };
  const at = Math.min(input.to, input.now);
  const convs = [...byConversation(input.events)].map(([id, list]) => {
    const queueNow = input.currentQueues[id] ?? 'support';
    return { id, list, queueNow, state: stateAt(list, queueNow, at) };
  });
  return { input, options, facts: extractFacts(input.events, input.currentQueues, options, input.now), at, convs };
}

/** Every queue a figure of the range can belong to (facts and states), sorted. */
export function queuesOf(p: PreparedSummary): string[] {
  const f = p.facts;
  const tagged: Array<{ queue: string }> = [
    ...f.firstResponses,
    ...f.ownerFirstReplies,
    ...f.replies,
    ...f.resolutions,
    ...f.followUps,
    ...f.reassignments,
    ...f.held,
    ...f.overrides,
    ...f.slipped,
    ...f.duplicates,
    ...f.unattributed,
    ...f.breaches,
    ...f.outcomes,
  ];
  const states = p.convs.flatMap((c) => (c.state ? [c.state] : []));
  return [...new Set([...tagged, ...states].map((t) => t.queue))].sort();
}

/** One scope's figures for [from, to) (docs/metrics.md). */
export function figuresFor(p: PreparedSummary, scope: Scope) {
  const { options, facts, at } = p;
  const { from, to } = p.input;
  const { queue, memberId } = scope;
  const fits = (t: Tagged) => t.at >= from && t.at < to && (!queue || t.queue === queue) && (!memberId || t.memberId === memberId);
  const ms = (list: Array<Tagged & { ms: number }>) => distribution(list.filter(fits).map((s) => s.ms));
  const states = p.convs.map((c) => c.state).filter((s): s is ConvState => s !== null && (!queue || s.queue === queue));
  const open = states.filter((s) => statusAt(s, at) === 'open');
  const reassignments = facts.reassignments.filter((r) => fits({ ...r, memberId: r.to }));
  // Episodes in which someone became owner during the range: the denominator of reassignments per episode.
  const episodes = new Set(
    facts.spells.filter((s) => fits({ at: s.from, queue: s.queue, memberId: s.memberId })).map((s) => `${s.conversationId}#${s.episode}`),
  );
  const slaQueues = p.input.slaQueues;
  const decided = facts.outcomes.filter((o) => {
    const when = o.resolvedAt ?? o.firstBreachAt;
    return when !== null && fits({ ...o, at: when }) && (!slaQueues || slaQueues.includes(o.queue));
  });
  const breaches = facts.breaches.filter(fits);
  const met = decided.filter((o) => o.firstBreachAt === null).length;
  return {
    range: { from, to },
    evaluatedAt: at,
    firstResponse: ms(facts.firstResponses),
    assignmentToFirstReply: ms(facts.ownerFirstReplies),
    replyTime: ms(facts.replies),
    resolution: ms(facts.resolutions),
    coverage: memberId
      ? null
      : {
          open: open.length,
          owned: open.filter((s) => s.ownerId !== null).length,
          ownedShare: share(open.filter((s) => s.ownerId !== null).length, open.length),
          unattended: open.filter((s) => s.waitingSince !== null).length,
          unownedMs: p.convs.reduce((sum, c) => sum + unownedMs(c.list, c.queueNow, from, at, queue), 0),
        },
    reassignments: {
      count: reassignments.length,
      unnecessary: reassignments.filter((r) => r.unnecessary === true).length,
      episodes: episodes.size,
      perEpisode: share(reassignments.length, episodes.size),
    },
    unresolved: {
      thresholdMs: options.unresolvedAfterMs,
      count: states.filter(
        (s) =>
          !['resolved', 'bot'].includes(statusAt(s, at)) &&
          s.waitingSince !== null &&
          s.episodeStart !== null &&
          at - s.episodeStart >= options.unresolvedAfterMs &&
          (!memberId || s.ownerId === memberId),
      ).length,
    },
    followUps: { count: facts.followUps.filter(fits).length, nudged: facts.nudges.filter(fits).length },
    sla: {
      episodes: decided.length,
      met,
      adherence: share(met, decided.length),
      breaches: breaches.length,
      breachesByQueue: countBy(breaches, (b) => b.queue),
      breachesByMember: countBy(breaches, (b) => b.memberId ?? 'unowned'),
    },
    collisions: {
      held: facts.held.filter(fits).length,
      overrides: facts.overrides.filter(fits).length,
      slipped: facts.slipped.filter(fits).length,
      duplicates: facts.duplicates.filter(fits).length,
    },
    unattributedSends: memberId ? null : { count: facts.unattributed.filter(fits).length, graceMs: options.unattributedGraceMs },
  };
}

/** The manager's figures for [from, to), optionally one queue's or one member's (docs/metrics.md). */
export function summarise(input: SummaryInput) {
  return figuresFor(prepareSummary(input), { queue: input.queue, memberId: input.memberId });
}
export type MetricsSummary = ReturnType<typeof summarise>;
