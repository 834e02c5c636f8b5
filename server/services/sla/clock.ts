import { computeDueAt, NoBusinessTimeError } from '../../domain/sla/business-hours';
import type { SlaPolicy } from '../../domain/sla/evaluate-sla';
import { EMPTY_SLA, TARGETS, type SlaColumns, type TargetSpec } from './columns';

/** What a mutation did to a conversation, as far as its SLA clock cares. */
export interface ClockChange {
  before: { status: string; episode: number; waitingSince: number | null };
  after: { status: string; episode: number; waitingSince: number | null };
  events: ReadonlyArray<{ type: string; data: Record<string, unknown> }>;
  now: number;
}

const [FIRST, NEXT, RESOLUTION] = TARGETS;

/** The automation handed the chat to humans: its own handoff event, or a status change away from `bot`. */
export const isHandoff = (e: { type: string; data: Record<string, unknown> }) =>
  e.type.startsWith('automation.handoff') || (e.type === 'status.changed' && e.data.from === 'bot' && e.data.to !== 'bot');

/** A reply by a person: a guarded send, an override, or an outgoing message seen while the bot was not running the chat. */
export const isHumanReply = (e: { type: string; data: Record<string, unknown> }) =>
  e.type === 'send.reported' ||
  e.type === 'send.override' ||
  e.type === 'send.slipped' ||
  (e.type === 'message.observed' && e.data.direction === 'out' && e.data.byBot !== true);

function dueOf(startAt: number, targetMs: number, fraction: number, policy: SlaPolicy): { warn: number; due: number } | null {
  try {
    return { warn: computeDueAt(startAt, Math.round(targetMs * fraction), policy.mode), due: computeDueAt(startAt, targetMs, policy.mode) };
  } catch (err) {
    // A schedule that cannot cover the target (no hours within the search horizon) measures nothing rather than failing the change.
    if (err instanceof NoBusinessTimeError) return null;
    throw err;
  }
}

function clear(c: SlaColumns, t: TargetSpec): SlaColumns {
  return { ...c, [t.warn]: null, [t.due]: null, sla_raised: c.sla_raised & ~(t.warnBit | t.breachBit) };
}

function start(c: SlaColumns, t: TargetSpec, startAt: number, policy: SlaPolicy | null): SlaColumns {
  const targetMs = policy?.[t.policyKey];
  const due = policy && targetMs != null ? dueOf(startAt, targetMs, policy.warnAtFraction, policy) : null;
  // The same due times again keep their raised flags, so a restart never raises a warning twice.
  if (due && c[t.warn] === due.warn && c[t.due] === due.due) return c;
  const cleared = clear(c, t);
  return due ? { ...cleared, [t.warn]: due.warn, [t.due]: due.due } : cleared;
}

/** The earliest warning or due instant that has not been raised yet. */
export function nextAlarm(c: SlaColumns): number | null {
  let best: number | null = null;
  for (const t of TARGETS) {
    const warn = c[t.warn];
    const due = c[t.due];
    if (warn !== null && !(c.sla_raised & t.warnBit) && (best === null || warn < best)) best = warn;
    if (due !== null && !(c.sla_raised & t.breachBit) && (best === null || due < best)) best = due;
  }
  return best;
}

function onCustomerWait(c: SlaColumns, at: number, status: string, policy: SlaPolicy | null): SlaColumns {
  let next = c;
  if (next.sla_episode_start === null) next = start({ ...next, sla_episode_start: at }, RESOLUTION, at, policy);
  // While the bot runs the chat, the first-response clock waits for its handoff.
  if (status === 'bot') return next;
  if (next.sla_first_met_at !== null) return start(next, NEXT, at, policy);
  if (next.sla_clock_start === null) return start({ ...next, sla_clock_start: at }, FIRST, at, policy);
  return next;
}

/** The handoff's queue policy governs the episode from here: resolution is re-derived from the episode start. */
function onHandoff(c: SlaColumns, now: number, policy: SlaPolicy | null): SlaColumns {
  const episodeStart = c.sla_episode_start ?? now;
  const next = start({ ...c, sla_episode_start: episodeStart }, RESOLUTION, episodeStart, policy);
  if (next.sla_first_met_at !== null) return start(next, NEXT, now, policy);
  return start({ ...next, sla_clock_start: now }, FIRST, now, policy);
}

/**
 * Moves a conversation's SLA clocks for one change: a new episode resets them; a human reply meets the
 * first and next response; a customer message that starts a wait starts the episode (resolution), the
 * first response (unless the bot runs the chat) or, after a human reply, the next response; a handoff
 * starts the first response (or, once answered, the next) and re-derives resolution under its queue's
 * policy; going to the bot stops the response clocks; resolving stops them all.
 */
export function advanceSlaClock(cols: SlaColumns, change: ClockChange, policy: SlaPolicy | null): SlaColumns {
  const { before, after, events, now } = change;
  const newEpisode = after.episode > before.episode;
  let c: SlaColumns = newEpisode ? { ...EMPTY_SLA } : { ...cols };
  if (events.some(isHumanReply)) {
    if (c.sla_clock_start !== null && c.sla_first_met_at === null) c = clear({ ...c, sla_first_met_at: now }, FIRST);
    c = clear(c, NEXT);
  }
  const customer = events.find((e) => e.type === 'message.observed' && e.data.direction === 'in');
  const startedWaiting = after.waitingSince !== null && (before.waitingSince === null || newEpisode);
  if (customer && startedWaiting) c = onCustomerWait(c, Math.min(Number(customer.data.at), now), after.status, policy);
  if (events.some(isHandoff)) c = onHandoff(c, now, policy);
  if (after.status === 'bot' && before.status !== 'bot') c = clear(clear({ ...c, sla_clock_start: null }, FIRST), NEXT);
  if (after.status === 'resolved' && before.status !== 'resolved') c = clear(clear(clear(c, FIRST), NEXT), RESOLUTION);
  return { ...c, sla_alarm_at: nextAlarm(c) };
}
