import type { ConflictReason, RuleReason } from '../../utils/schemas/refusal';

/** A refusal decided by the domain; routers turn it into a typed tRPC error. */
export type Refusal =
  | {
      ok: false;
      code: 'CONFLICT';
      reason: ConflictReason;
      message: string;
      ownerId?: string | null;
      holderId?: string | null;
    }
  | { ok: false; code: 'FORBIDDEN'; message: string; reason?: RuleReason }
  | { ok: false; code: 'BAD_REQUEST'; message: string; reason?: RuleReason };

export const forbidden = (message: string, reason?: RuleReason): Refusal => ({ ok: false, code: 'FORBIDDEN', message, ...(reason ? { reason } : {}) });
export const badRequest = (message: string, reason?: RuleReason): Refusal => ({ ok: false, code: 'BAD_REQUEST', message, ...(reason ? { reason } : {}) });
