import { computeDueAt, type ClockMode } from './business-hours';

export const SLA_TARGETS = ['firstResponse', 'nextResponse', 'resolution'] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];

// The policy's schemas live in utils/schemas so the Settings page validates with the very same rules.
export { ClockModeSchema, MAX_TARGET_MS, SlaPolicySchema } from '../../../utils/schemas/sla';

/** A target left out (or null) is not measured. */
export type SlaPolicy = {
  firstResponseMs?: number | null;
  nextResponseMs?: number | null;
  resolutionMs?: number | null;
  /** Share of the target's measured time after which the target is in warning, in (0, 1]. */
  warnAtFraction: number;
  mode: ClockMode;
};

export type SlaDue = { warnAt: number; dueAt: number };
export type SlaDueTimes = Partial<Record<SlaTarget, SlaDue>>;
export type SlaState = 'ok' | 'warning' | 'breached' | 'met';

/**
 * Due and warning instants for one target started at `clockStartMs`. warnAt is when `warnAtFraction`
 * of the target's measured (business or wall) time has elapsed, rounded to the nearest ms.
 */
export function slaDue(clockStartMs: number, targetMs: number, warnAtFraction: number, mode: ClockMode): SlaDue {
  if (!(warnAtFraction > 0 && warnAtFraction <= 1)) throw new RangeError('warnAtFraction must be in (0, 1]');
  return {
    warnAt: computeDueAt(clockStartMs, Math.round(targetMs * warnAtFraction), mode),
    dueAt: computeDueAt(clockStartMs, targetMs, mode),
  };
}

/** Due times for every target the policy sets, all measured from the same clock start. */
export function evaluateSla(policy: SlaPolicy, clockStartMs: number): SlaDueTimes {
  const targets: Record<SlaTarget, number | null | undefined> = {
    firstResponse: policy.firstResponseMs,
    nextResponse: policy.nextResponseMs,
    resolution: policy.resolutionMs,
  };
  const due: SlaDueTimes = {};
  for (const target of SLA_TARGETS) {
    const targetMs = targets[target];
    if (targetMs != null) due[target] = slaDue(clockStartMs, targetMs, policy.warnAtFraction, policy.mode);
  }
  return due;
}

/**
 * The target's state at `now`. Due times are exclusive deadlines: meeting the target at any instant
 * before dueAt is 'met', reaching dueAt unmet is 'breached' (meeting it later stays 'breached'), and
 * reaching warnAt unmet is 'warning'. A metAt later than `now` has not happened yet at `now`.
 */
export function slaStateAt(now: number, due: { warnAt: number; dueAt: number; metAt?: number | null }): SlaState {
  const metAt = due.metAt ?? null;
  const met = metAt !== null && metAt <= now;
  if (met && metAt < due.dueAt) return 'met';
  if (met || now >= due.dueAt) return 'breached';
  return now >= due.warnAt ? 'warning' : 'ok';
}
