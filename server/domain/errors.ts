/** A refusal decided by the domain; routers turn it into a typed tRPC error. */
export type Refusal =
  | {
      ok: false;
      code: 'CONFLICT';
      reason: 'owned-by-other' | 'locked-by-other' | 'stale-lock' | 'lease-expired';
      message: string;
      ownerId?: string | null;
      holderId?: string | null;
    }
  | { ok: false; code: 'FORBIDDEN'; message: string; reason?: RefusalReason }
  | { ok: false; code: 'BAD_REQUEST'; message: string; reason?: RefusalReason };

/** Why a rep's change was refused, for the extension to say in the rep's language (the message stays English). */
export type RefusalReason =
  | 'claim-first'
  | 'managers-only-take-over'
  | 'nobody-owns'
  | 'already-theirs'
  | 'closing-reason-required'
  | 'handoff-note-required'
  | 'owner-answers'
  | 'no-handoff-request';

export const forbidden = (message: string, reason?: RefusalReason): Refusal => ({ ok: false, code: 'FORBIDDEN', message, ...(reason ? { reason } : {}) });
export const badRequest = (message: string, reason?: RefusalReason): Refusal => ({ ok: false, code: 'BAD_REQUEST', message, ...(reason ? { reason } : {}) });
