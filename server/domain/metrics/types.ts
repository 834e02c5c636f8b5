/** An event as the metrics read it: the stored event log row, parsed. */
export interface MetricEvent {
  id: number;
  type: string;
  conversationId: string | null;
  actorId: string | null;
  at: number;
  data: Record<string, unknown>;
}

/** A conversation's state between two of its events. */
export interface ConvState {
  status: string;
  snoozedUntil: number | null;
  ownerId: string | null;
  queue: string;
  waitingSince: number | null;
  episode: number;
  /** The episode's start (first customer message or handoff): what resolution time is measured from. */
  episodeStart: number | null;
}

/** A measured duration, stamped with when it completed and who and which queue it belongs to. */
export interface Sample {
  conversationId: string;
  at: number;
  ms: number;
  memberId: string | null;
  queue: string;
}

export interface Reassignment {
  conversationId: string;
  episode: number;
  at: number;
  from: string;
  to: string;
  queue: string;
  /** null while undecided: the new owner still owns the chat, has not replied, and it is not resolved. */
  unnecessary: boolean | null;
}

/** A stretch during which one member owned the chat. */
export interface OwnerSpell {
  conversationId: string;
  episode: number;
  memberId: string;
  from: number;
  to: number | null;
  queue: string;
}

/** Something that happened once at an instant: a follow-up, a held send, a breach. */
export interface Occurrence {
  conversationId: string;
  at: number;
  memberId: string | null;
  queue: string;
}

export interface Breach extends Occurrence {
  episode: number;
  target: string;
}

export interface EpisodeOutcome {
  conversationId: string;
  episode: number;
  resolvedAt: number | null;
  firstBreachAt: number | null;
  /** Queue and owner when the outcome was decided (resolution, else the first breach). */
  queue: string;
  memberId: string | null;
}

/** Tunables of the definitions in docs/metrics.md. */
export interface MetricsOptions {
  /** Open episodes older than this, with a customer waiting, are unresolved. @default 24 h */
  unresolvedAfterMs: number;
  /** An outgoing message may be explained by a guarded send this long before or after it. @default 2 min */
  unattributedGraceMs: number;
  /** Ownership returning to a previous owner within this window makes the move away unnecessary. @default 30 min */
  bounceWindowMs: number;
}

export const DEFAULT_OPTIONS: MetricsOptions = {
  unresolvedAfterMs: 24 * 3_600_000,
  unattributedGraceMs: 120_000,
  bounceWindowMs: 30 * 60_000,
};
