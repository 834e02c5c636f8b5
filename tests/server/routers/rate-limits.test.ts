import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCClientError } from '@trpc/client';
import { startServer, type RunningServer } from '../../../server/app';
import { readEnv } from '../../../server/env';
import { freePort, spawnServer } from '../support/spawn-server';
import { httpClient } from '../support/http-client';
import { manualClock, tempDbPath } from '../support/harness';
import { RateLimiter } from '../../../server/services/rate-limiter';

/**
 * The real server over HTTP with small limits, on a clock only the test moves (a loaded machine cannot refill a
 * bucket mid-test): 5 calls per member (1 more a second), 3 wrong invite codes (1 more every 2 s).
 */
let server: RunningServer;
let adminToken: string;
const clock = manualClock();

async function refusal(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TRPCClientError);
  const e = err as TRPCClientError<never>;
  const data = e.data as unknown as { code?: string; httpStatus?: number; details?: { retryAfterMs?: number } } | undefined;
  return { code: data?.code, status: data?.httpStatus, message: e.message, details: data?.details };
}

beforeAll(async () => {
  const env = readEnv({
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATABASE_URL: tempDbPath('rate-limits'),
    RATE_LIMIT_MEMBER: '5/1',
    RATE_LIMIT_ANONYMOUS: '100/50',
    RATE_LIMIT_AUTH_FAILURES: '3/0.5',
  });
  server = await startServer(env, { now: clock.now });
  adminToken = (await httpClient(server.url).auth.redeemInvite.mutate({ code: server.firstInvite!.code })).token;
});
afterAll(async () => {
  await server?.close();
});

describe('rate limits over HTTP', () => {
  it('refuses a member past the burst with 429 TOO_MANY_REQUESTS and when to retry, without touching other members', async () => {
    const admin = httpClient(server.url, adminToken);
    // Redeeming counted as anonymous, so the admin has its 5; the invite takes one and exactly 4 are left.
    const invite = await admin.members.invite.mutate({ name: 'Bo', role: 'agent' });
    const bo = httpClient(server.url, (await httpClient(server.url).auth.redeemInvite.mutate({ code: invite.code })).token);
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => admin.members.list.query()));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(4);
    for (const r of results) if (r.status === 'rejected') expect((await refusal(Promise.reject(r.reason))).code).toBe('TOO_MANY_REQUESTS');
    const r = await refusal(admin.members.list.query());
    expect(r).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 429, details: { retryAfterMs: 1_000 } });
    expect(r.message).toBe('too many requests: try again in 1 s');
    // Another member has a bucket of its own.
    expect(await bo.members.list.query()).toHaveLength(2);
    // 999 ms later the bucket still holds less than a call; at 1 s it holds one, and only one.
    clock.advance(999);
    const almost = await refusal(admin.members.list.query());
    expect(almost.code).toBe('TOO_MANY_REQUESTS');
    // 1 ms of refill left, give or take the float arithmetic of the bucket.
    expect(almost.details?.retryAfterMs).toBeGreaterThan(0);
    expect(almost.details?.retryAfterMs).toBeLessThanOrEqual(2);
    clock.advance(1);
    expect(await admin.members.list.query()).toHaveLength(2);
    expect((await refusal(admin.members.list.query())).code).toBe('TOO_MANY_REQUESTS');
  });

  it('after three wrong invite codes from an address, refuses even a right one until a try has refilled', async () => {
    clock.advance(10_000);
    const { code } = await httpClient(server.url, adminToken).members.invite.mutate({ name: 'Cy', role: 'agent' });
    const anon = httpClient(server.url);
    for (let i = 0; i < 3; i++)
      expect(await refusal(anon.auth.redeemInvite.mutate({ code: `wrong-code-${i}-xxxxxxxx` }))).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await refusal(anon.auth.redeemInvite.mutate({ code }))).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 429, details: { retryAfterMs: 2_000 } });
    clock.advance(1_999);
    expect(await refusal(anon.auth.redeemInvite.mutate({ code }))).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    clock.advance(1);
    expect((await anon.auth.redeemInvite.mutate({ code })).member.name).toBe('Cy');
  });

  it('counts wrong invite codes against the address even when the request carries a valid member token', async () => {
    clock.advance(10_000);
    const admin = httpClient(server.url, adminToken);
    const { code } = await admin.members.invite.mutate({ name: 'Di', role: 'agent' });
    for (let i = 0; i < 3; i++)
      expect(await refusal(admin.auth.redeemInvite.mutate({ code: `wrong-code-${i}-yyyyyyyy` }))).toMatchObject({ code: 'UNAUTHORIZED' });
    // The same address without a token, and with it, is refused alike.
    expect(await refusal(httpClient(server.url).auth.redeemInvite.mutate({ code }))).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect(await refusal(admin.auth.redeemInvite.mutate({ code }))).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    clock.advance(2_000);
    expect((await httpClient(server.url).auth.redeemInvite.mutate({ code })).member.name).toBe('Di');
  });

  it('after three badly signed webhook deliveries from an address, answers 429 with Retry-After until a try has refilled', async () => {
    clock.advance(10_000);
    const workspaceId = server.firstInvite!.workspaceId;
    const deliver = () =>
      fetch(`${server.url}/webhooks/automation/${workspaceId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-inbox-timestamp': String(Math.floor(clock.now() / 1000)), 'x-inbox-signature': 'v1=00' },
        body: '{}',
      });
    for (let i = 0; i < 3; i++) expect((await deliver()).status).toBe(401);
    const limited = await deliver();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(((await limited.json()) as { error: string }).error).toMatch(/too many requests/);
    clock.advance(1_999);
    expect((await deliver()).status).toBe(429);
    clock.advance(1);
    expect((await deliver()).status).toBe(401);
  });

  it('refuses to start with a malformed limit, naming it', async () => {
    await expect(spawnServer({ DATABASE_URL: tempDbPath('rate-limits-bad'), RATE_LIMIT_MEMBER: 'lots' }, freePort())).rejects.toThrow(
      /RATE_LIMIT_MEMBER: a rate limit is "burst\/perSecond"/,
    );
  });
});

describe('the limiter in memory', () => {
  it('keeps at most maxKeys buckets, dropping the least recently used', () => {
    let now = 0;
    const limiter = new RateLimiter({ member: { burst: 1, perSecond: 1 }, anonymous: null, authFailure: null }, () => now, 3);
    for (const k of ['a', 'b', 'c']) limiter.hit('member', k);
    expect(() => limiter.hit('member', 'a')).toThrow(/too many requests/);
    limiter.hit('member', 'd');
    expect(limiter.size).toBe(3);
    // 'b' was the least recently used and was dropped: it starts again with a full bucket.
    expect(() => limiter.hit('member', 'b')).not.toThrow();
    expect(() => limiter.hit('member', 'a')).toThrow(/too many requests/);
    now += 1_000;
    expect(() => limiter.hit('member', 'a')).not.toThrow();
  });

  it('counts nothing for a kind that is off', () => {
    const limiter = new RateLimiter({ member: null, anonymous: null, authFailure: null }, () => 0);
    for (let i = 0; i < 1_000; i++) limiter.hit('member', 'x');
    expect(limiter.size).toBe(0);
  });
});
