import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../server/app';
import { readEnv } from '../../../server/env';
import { SOCKET_HIGH_WATER_BYTES, socketDrained } from '../../../server/events/feed-socket';
import { httpClient } from '../support/http-client';
import { manualClock, tempDbPath } from '../support/harness';
import { closeSockets, openSocket, upgradeStatus } from '../support/raw-socket';

let server: RunningServer | undefined;
const streams: AbortController[] = [];
afterEach(async () => {
  closeSockets();
  for (const s of streams.splice(0)) s.abort();
  await server?.close();
  server = undefined;
});

async function boot(env: Record<string, string>, now?: () => number) {
  server = await startServer(readEnv({ PORT: '0', DATABASE_URL: tempDbPath('feed-limits'), LOG_LEVEL: 'silent', ...env }), { now });
  const url = server.url;
  const { token } = await httpClient(url).auth.redeemInvite.mutate({ code: server.firstInvite!.code, name: 'Ada Admin' });
  const admin = httpClient(url, token);
  const invite = await admin.members.invite.mutate({ name: 'Bo Other', role: 'agent' });
  const bo = await httpClient(url).auth.redeemInvite.mutate({ code: invite.code });
  return { url, token, admin, boToken: bo.token };
}

/** An SSE feed opened by hand: the first frame says whether it started (a refusal comes as an error event). */
async function sse(url: string, token: string, lastEventId = 0): Promise<string> {
  const ctl = new AbortController();
  streams.push(ctl);
  const qs = `input=${encodeURIComponent(JSON.stringify({ lastEventId }))}&connectionParams=${encodeURIComponent(JSON.stringify({ token }))}`;
  const res = await fetch(`${url}/trpc/events.feed?${qs}`, { signal: ctl.signal });
  const reader = res.body!.getReader();
  let text = '';
  while (!/\n\n/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
  return text;
}

describe('live-feed caps per member and per address', () => {
  it('refuses a member past FEED_MAX_PER_MEMBER feeds across sockets and SSE, without touching another member', async () => {
    const b = await boot({ FEED_MAX_PER_MEMBER: '3' });
    const s1 = await openSocket(b.url, { token: b.token });
    const s2 = await openSocket(b.url, { token: b.token });
    s1.subscribe(1, { lastEventId: '0' });
    s2.subscribe(1, { lastEventId: '0' });
    for (const s of [s1, s2]) await s.reply((r) => r.id === 1 && r.result?.type === 'started', 'started');
    expect(await sse(b.url, b.token)).toMatch(/connected/);
    // The fourth, whichever transport, is refused and names the limit.
    s1.subscribe(2, { lastEventId: '0' });
    expect(await s1.errorOf(2)).toMatchObject({ data: { code: 'TOO_MANY_REQUESTS' }, message: 'at most 3 live feeds per member: close one first' });
    expect(await sse(b.url, b.token)).toMatch(/serialized-error[\s\S]*at most 3 live feeds per member/);
    // Bo has feeds of his own; and a closed feed frees its slot.
    const bo = await openSocket(b.url, { token: b.boToken });
    bo.subscribe(1, { lastEventId: '0' });
    await bo.reply((r) => r.id === 1 && r.result?.type === 'started', 'started');
    s2.send({ id: 1, method: 'subscription.stop' });
    await s2.reply((r) => r.id === 1 && r.result?.type === 'stopped', 'stopped');
    s1.subscribe(3, { lastEventId: '0' });
    await s1.reply((r) => r.id === 3 && r.result?.type === 'started', 'a feed in the freed slot');
  });

  it('refuses sockets and SSE streams past the per-address caps, and accepts again once one closes', async () => {
    const b = await boot({ FEED_MAX_SOCKETS_PER_ADDRESS: '2', FEED_MAX_SSE_PER_ADDRESS: '2' });
    const first = await openSocket(b.url, { token: b.token });
    expect(await upgradeStatus(b.url, '/trpc')).toBe(101);
    expect(await upgradeStatus(b.url, '/trpc')).toBe(429);
    first.ws.close();
    await new Promise<void>((r) => first.ws.once('close', () => r()));
    // The server sees the close a moment after the client does.
    let status = 0;
    for (let i = 0; i < 50 && status !== 101; i++) status = await upgradeStatus(b.url, '/trpc');
    expect(status).toBe(101);
    expect(await sse(b.url, b.token)).toMatch(/connected/);
    expect(await sse(b.url, b.boToken)).toMatch(/connected/);
    expect(await sse(b.url, b.boToken)).toMatch(/serialized-error[\s\S]*at most 2 event streams per address/);
  });

  it("counts replayed history against the member's rate limit: a feed from event 0 over a long history is refused part way", async () => {
    const clock = manualClock();
    const b = await boot({ RATE_LIMIT_MEMBER: '20/1', FEED_REPLAY_EVENTS_PER_CALL: '10' }, clock.now);
    const wsId = server!.firstInvite!.workspaceId;
    await server!.deps.store.transaction((tx) =>
      server!.deps.store.events.append(
        tx,
        wsId,
        null,
        clock.now(),
        Array.from({ length: 400 }, (_, i) => ({ type: 'note.added' as const, conversationId: null, data: { n: i } })),
      ),
    );
    const s = await openSocket(b.url, { token: b.token });
    s.subscribe(1, { lastEventId: '0' });
    const err = await s.errorOf(1);
    expect(err).toMatchObject({ data: { code: 'TOO_MANY_REQUESTS' } });
    // 20 calls of budget, less the few the setup and the subscription spent, at 10 events a call: well short of 400.
    const got = s.dataIds(1).length;
    expect(got).toBeGreaterThanOrEqual(150);
    expect(got).toBeLessThan(200);
    // Resuming from the last id it got, after the bucket refilled, picks up where it stopped.
    clock.advance(20_000);
    const last = s.dataIds(1).at(-1)!;
    s.subscribe(2, { lastEventId: String(last) });
    await s.reply((r) => r.id === 2 && r.result?.type === 'data', 'the next events');
    expect(s.dataIds(2)[0]).toBe(last + 1);
  });
});

describe('the slowest consumer is dropped', () => {
  it('terminates a socket that stays over the high-water mark past the slow-consumer time, on the injected clock', async () => {
    const clock = manualClock();
    let terminated = 0;
    const socket = { bufferedAmount: SOCKET_HIGH_WATER_BYTES * 2, readyState: 1, terminate: () => void (terminated++, (socket.readyState = 3)) };
    const done = socketDrained(socket, undefined, 1, { now: clock.now, afterMs: 30_000 });
    await new Promise((r) => setTimeout(r, 20));
    expect(terminated).toBe(0);
    clock.advance(29_999);
    await new Promise((r) => setTimeout(r, 20));
    expect(terminated).toBe(0);
    clock.advance(1);
    await done;
    expect(terminated).toBe(1);
  });
});
