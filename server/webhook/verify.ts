import { createHmac, timingSafeEqual } from 'node:crypto';

/** Deliveries signed more than this far from the server's clock (either way) are refused as stale. */
export const REPLAY_WINDOW_MS = 5 * 60_000;

/** `sha256=<hex>` of HMAC-SHA256(secret, `${timestamp}.${rawBody}`): what a sender puts in x-inbox-signature. */
export function signWebhook(secret: string, timestamp: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;
}

export type Verdict = { ok: true } | { ok: false; error: string };

export function verifyWebhook(secrets: readonly string[], timestamp: string | undefined, signature: string | undefined, rawBody: Buffer, now: number): Verdict {
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return { ok: false, error: 'missing or malformed x-inbox-timestamp header (unix seconds)' };
  if (Math.abs(now - Number(timestamp) * 1000) > REPLAY_WINDOW_MS)
    return { ok: false, error: 'stale timestamp: x-inbox-timestamp is more than 5 minutes from the server clock' };
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(signature ?? '');
  if (!match) return { ok: false, error: 'missing or malformed x-inbox-signature header (sha256=<64 hex digits>)' };
  const given = Buffer.from(match[1], 'hex');
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
    // Constant-time on equal-length buffers, so the comparison leaks nothing about how much matched.
    if (expected.length === given.length && timingSafeEqual(expected, given)) return { ok: true };
  }
  return { ok: false, error: 'signature does not match: sign `${timestamp}.${rawBody}` with the workspace webhook secret' };
}
