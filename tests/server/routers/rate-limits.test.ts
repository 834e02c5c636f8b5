import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCClientError } from '@trpc/client';
import { freePort, spawnServer, type SpawnedServer } from '../support/spawn-server';
import { httpClient } from '../support/http-client';
import { tempDbPath } from '../support/harness';
import { RateLimiter } from '../../../server/services/rate-limiter';

/** The real server with small limits: 5 calls per member (1 more a second), 3 wrong invite codes (1 more every 2 s). */
let server: SpawnedServer;
let adminToken: string;

async function refusal(p: Promise<unknown>) {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(TRPCClientError);
  const e = err as TRPCClientError<never>;
  const data = e.data as unknown as { code?: string; httpStatus?: number; details?: { retryAfterMs?: number } } | undefined;
  return { code: data?.code, status: data?.httpStatus, message: e.message, details: data?.details };
}

beforeAll(async () => {
  server = await spawnServer({ DATABASE_URL: tempDbPath('rate-limits'), RATE_LIMIT_MEMBER: '5/1', RATE_LIMIT_ANONYMOUS: '100/50', RATE_LIMIT_AUTH_FAILURES: '3/0.5' }, freePort());
  const deadline = Date.now() + 15_000;
  let code: string | undefined;
  while (!(code = /Admin invite code: (\S+)/.exec(server.output.join('\n'))?.[1]) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  adminToken = (await httpClient(server.url).auth.redeemInvite.mutate({ code: code! })).token;
});
afterAll(async () => {
  await server?.kill();
});

describe('rate limits over HTTP', () => {
  it('refuses a member past the burst with 429 TOO_MANY_REQUESTS and when to retry, without touching other members', async () => {
    const admin = httpClient(server.url, adminToken);
    // The admin used one call above (redeeming counts as anonymous), so it has its 5 left; invite a teammate first.
    const invite = await admin.members.invite.mutate({ name: 'Bo', role: 'agent' });
    const bo = httpClient(server.url, (await httpClient(server.url).auth.redeemInvite.mutate({ code: invite.code })).token);
    // 4 tokens left after the invite (5 if a slow machine took a second to get here): the rest are refused.
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => admin.members.list.query()));
    const passed = results.filter((r) => r.status === 'fulfilled').length;
    expect(passed).toBeGreaterThanOrEqual(4);
    expect(passed).toBeLessThanOrEqual(5);
    for (const r of results) if (r.status === 'rejected') expect((await refusal(Promise.reject(r.reason))).code).toBe('TOO_MANY_REQUESTS');
    const r = await refusal(admin.members.list.query());
    expect(r).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 429 });
    expect(r.message).toMatch(/too many requests: try again in \d+ s/);
    expect(r.details?.retryAfterMs).toBeGreaterThan(0);
    expect(r.details?.retryAfterMs).toBeLessThanOrEqual(1_000);
    // Another member has a bucket of its own.
    expect(await bo.members.list.query()).toHaveLength(2);
    // And the bucket refills: a second later the admin may call again.
    await new Promise((res) => setTimeout(res, 1_100));
    expect(await admin.members.list.query()).toHaveLength(2);
  });

  it('after three wrong invite codes from an address, refuses even a right one until a try has refilled', async () => {
    const admin = httpClient(server.url, adminToken);
    await new Promise((res) => setTimeout(res, 1_100));
    const { code } = await admin.members.invite.mutate({ name: 'Cy', role: 'agent' });
    const anon = httpClient(server.url);
    for (let i = 0; i < 3; i++) expect(await refusal(anon.auth.redeemInvite.mutate({ code: `wrong-code-${i}-xxxxxxxx` }))).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await refusal(anon.auth.redeemInvite.mutate({ code }))).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 429 });
    await new Promise((res) => setTimeout(res, 2_100));
    const redeemed = await anon.auth.redeemInvite.mutate({ code });
    expect(redeemed.member.name).toBe('Cy');
  });

  it('after three badly signed webhook deliveries from an address, answers 429 with Retry-After until a try has refilled', async () => {
    const { workspaceId } = await httpClient(server.url, adminToken).auth.me.query().then((me) => ({ workspaceId: me.workspace.id }));
    const deliver = () => fetch(`${server.url}/webhooks/automation/${workspaceId}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-inbox-timestamp': String(Date.now()), 'x-inbox-signature': 'v1=00' }, body: '{}' });
    for (let i = 0; i < 3; i++) expect((await deliver()).status).toBe(401);
    const limited = await deliver();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await limited.json()) as { error: string }).error).toMatch(/too many requests/);
    await new Promise((res) => setTimeout(res, 2_100));
    expect((await deliver()).status).toBe(401);
  });

  it('refuses to start with a malformed limit, naming it', async () => {
    await expect(spawnServer({ DATABASE_URL: tempDbPath('rate-limits-bad'), RATE_LIMIT_MEMBER: 'lots' }, freePort())).rejects.toThrow(/RATE_LIMIT_MEMBER: a rate limit is "burst\/perSecond"/);
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
