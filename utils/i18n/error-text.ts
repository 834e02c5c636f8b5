import type { InboxError } from '../inbox/types';
import { isRefusalReason, type RefusalReason } from '../schemas/refusal';
import { t, type MessageKey } from './t';

/** Refusals a rep meets, by `details.reason` first (the server says exactly why), then by code. */
const BY_REASON: Record<RefusalReason, MessageKey> = {
  'owned-by-other': 'errors.ownedByOther',
  'locked-by-other': 'errors.lockedByOther',
  'stale-lock': 'errors.staleLock',
  'lease-expired': 'errors.leaseExpired',
  'claim-first': 'errors.claimFirst',
  'managers-only-take-over': 'errors.managersOnlyTakeOver',
  'nobody-owns': 'errors.nobodyOwns',
  'already-theirs': 'errors.alreadyTheirs',
  'closing-reason-required': 'errors.closingReasonRequired',
  'handoff-note-required': 'errors.handoffNoteRequired',
  'owner-answers': 'errors.ownerAnswers',
  'no-handoff-request': 'errors.noHandoffRequest',
  'invite-invalid': 'errors.inviteInvalid',
  'member-revoked': 'errors.memberRevoked',
  'queue-exists': 'settings.errors.queueExists',
  'unknown-queue': 'settings.errors.unknownQueue',
  'queue-is-default': 'settings.errors.queueIsDefault',
  'last-queue': 'settings.errors.lastQueue',
  'queue-is-escalation-target': 'settings.errors.queueIsEscalationTarget',
  'name-taken': 'settings.errors.nameTaken',
};
const BY_CODE: Record<string, MessageKey> = {
  UNREACHABLE: 'errors.unreachable',
  UNAUTHORIZED: 'errors.unauthorized',
  FORBIDDEN: 'errors.forbidden',
  NOT_FOUND: 'errors.notFound',
  CONFLICT: 'errors.conflict',
  BAD_REQUEST: 'errors.badRequest',
  TOO_MANY_REQUESTS: 'errors.tooManyRequests',
  PRECONDITION_FAILED: 'errors.notLinkedYet',
  PAYLOAD_TOO_LARGE: 'errors.tooLarge',
  TIMEOUT: 'errors.unreachable',
};

/**
 * A server refusal as the rep reads it, in their language: never the server's English message. Names come from
 * the details (who owns the chat, who is replying); an unknown code reads as a generic failure.
 */
export function errorText(e: Pick<InboxError, 'code' | 'details'>): string {
  const d = e.details ?? {};
  const who = d.ownerName ?? d.holderName ?? t('common.aTeammate');
  const reasonKey = isRefusalReason(d.reason) ? BY_REASON[d.reason] : undefined;
  if (reasonKey) return t(reasonKey, { name: who });
  if (e.code === 'TOO_MANY_REQUESTS') return t('errors.tooManyRequests', { seconds: Math.max(1, Math.ceil((d.retryAfterMs ?? 1_000) / 1_000)) });
  return t(BY_CODE[e.code] ?? 'errors.unknown', { name: who });
}
