/** A refusal decided by the domain; routers turn it into a typed tRPC error. */
export type Refusal =
  | { ok: false; code: 'CONFLICT'; reason: 'owned-by-other' | 'locked-by-other' | 'stale-lock' | 'lease-expired'; message: string; ownerId?: string | null; holderId?: string | null }
  | { ok: false; code: 'FORBIDDEN'; message: string }
  | { ok: false; code: 'BAD_REQUEST'; message: string };

export const forbidden = (message: string): Refusal => ({ ok: false, code: 'FORBIDDEN', message });
export const badRequest = (message: string): Refusal => ({ ok: false, code: 'BAD_REQUEST', message });
