import { sendMessage } from '../../utils/messaging';
import type { InboxError, LockGrant, LockOp, Result } from '../../utils/inbox/types';

type LockTransport = (op: LockOp) => Promise<Result<LockGrant>>;

const RENEW_BEFORE_MS = 7_000;

/**
 * The reply lock this tab holds while the rep types. It is taken when typing starts, so that the guard's
 * decision at Enter is local whenever the lease is valid.
 */
export class ReplyLease {
  private leases = new Map<string, LockGrant>();
  private pending = new Map<string, Promise<LockGrant | null>>();

  /** The clock and the background are injected so tests can pause a rep past the lease. */
  constructor(
    private now: () => number = Date.now,
    private send: LockTransport = (op) => sendMessage('lock', op),
  ) {}

  current(conversationId: string, now = this.now()): LockGrant | null {
    const l = this.leases.get(conversationId);
    return l && l.expiresAt > now ? l : null;
  }

  /** Called on every keystroke: takes or renews the lease when it is missing or close to expiry. */
  touch(conversationId: string): Promise<LockGrant | null> {
    const l = this.current(conversationId);
    if (l && l.expiresAt - this.now() > RENEW_BEFORE_MS) return Promise.resolve(l);
    let p = this.pending.get(conversationId);
    if (!p) {
      p = this.request(conversationId, l).finally(() => this.pending.delete(conversationId));
      this.pending.set(conversationId, p);
    }
    return p;
  }

  private async request(conversationId: string, held: LockGrant | null): Promise<LockGrant | null> {
    const r = held ? await this.send({ kind: 'renew', conversationId, token: held.token }) : await this.send({ kind: 'acquire', conversationId });
    if (r.ok) {
      this.leases.set(conversationId, r.value);
      return r.value;
    }
    this.leases.delete(conversationId);
    // A lapsed lease is retaken at once; a teammate's lock is shown by the badge and enforced by the guard.
    return held && r.error.details?.reason === 'lease-expired' ? this.request(conversationId, null) : null;
  }

  /**
   * Before a send whose lease ended: a fresh acquire, so the server (not this tab's possibly stale cache, after a
   * sleep) says whether the chat is still this rep's to answer. The refusal names who holds it now.
   */
  async retake(conversationId: string): Promise<{ ok: true; grant: LockGrant } | { ok: false; error: InboxError }> {
    this.leases.delete(conversationId);
    const r = await this.send({ kind: 'acquire', conversationId });
    if (!r.ok) return { ok: false, error: r.error };
    this.leases.set(conversationId, r.value);
    return { ok: true, grant: r.value };
  }

  /** A lease the server granted with another call (a claim made to send): held from now, no acquire needed. */
  adopt(conversationId: string, grant: LockGrant) {
    if (grant.expiresAt > this.now()) this.leases.set(conversationId, grant);
  }

  /** After a send the server releases the lease with the send report; leaving the chat releases it here. */
  forget(conversationId: string) {
    this.leases.delete(conversationId);
  }

  async release(conversationId: string) {
    const l = this.leases.get(conversationId);
    this.leases.delete(conversationId);
    if (l && l.expiresAt > this.now()) await this.send({ kind: 'release', conversationId, token: l.token });
  }
}
