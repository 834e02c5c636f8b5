/** Someone else has the chat: the CONFLICT refusals of ownership and reply locks, which name who. */
export const CONFLICT_REASONS = ['owned-by-other', 'locked-by-other', 'stale-lock', 'lease-expired'] as const;
export type ConflictReason = (typeof CONFLICT_REASONS)[number];

/** A rule of the team refused the change: FORBIDDEN or BAD_REQUEST from server/domain. */
export const RULE_REASONS = [
  'claim-first',
  'managers-only-take-over',
  'nobody-owns',
  'already-theirs',
  'closing-reason-required',
  'handoff-note-required',
  'owner-answers',
  'no-handoff-request',
] as const;
export type RuleReason = (typeof RULE_REASONS)[number];

/** Sign-in and team settings refused by server/services. */
export const SETTINGS_REASONS = [
  'invite-invalid',
  'member-revoked',
  'queue-exists',
  'unknown-queue',
  'queue-is-default',
  'last-queue',
  'queue-is-escalation-target',
  'name-taken',
] as const;
export type SettingsReason = (typeof SETTINGS_REASONS)[number];

/**
 * Every `details.reason` a server refusal carries; the extension says each in the rep's language. A plain list, not
 * a zod enum, so that the content script, which reads it, does not bundle zod.
 */
export const REFUSAL_REASONS = [...CONFLICT_REASONS, ...RULE_REASONS, ...SETTINGS_REASONS] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export const isRefusalReason = (s: unknown): s is RefusalReason => (REFUSAL_REASONS as readonly unknown[]).includes(s);
