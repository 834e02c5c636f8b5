import { afterEach, describe, expect, it, vi } from 'vitest';
import { startServer, type RunningServer } from '../../../server/app';
import { readEnv } from '../../../server/env';
import { MAX_FEEDS_PER_SOCKET, SOCKET_HIGH_WATER_BYTES, socketDrained } from '../../../server/events/feed-socket';
import { httpClient } from '../support/http-client';
import { closeSockets, openSocket, upgradeStatus, type Reply } from '../support/raw-socket';
import { tempDbPath } from '../support/harness';

let server: RunningServer | undefined;
afterEach(async () => {
  closeSockets();
  await server?.close();
  server = undefined;
});

async function boot(env: Record<string, string> = {}) {
  server = await startServer(readEnv({ PORT: '0', DATABASE_URL: tempDbPath('feed-socket'), LOG_LEVEL: 'silent', ...env }));
  const url = server.url;
  const { token } = await httpClient(url).auth.redeemInvite.mutate({ code: server.firstInvite!.code, name: 'Ada Admin' });
  const admin = httpClient(url, token);
  const channel = await admin.conversations.resolveChannel.mutate({ wid: '34600000001' });
  const chat = await admin.conversations.resolve.mutate({ channelId: channel.id, jid: '34611111111@c.us' });
  if (chat.ambiguous) throw new Error('ambiguous');
  return { url, token, admin, conversationId: chat.conversation.id };
}

const until = async (cond: () => boolean, what: string) => {
  const deadline = Date.now() + 5_000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('events.feed over WebSocket', () => {
  it('streams every event after the given id, each frame carrying its event id to resume from', async () => {
    const b = await boot();
    const { lastEventId } = await b.admin.events.head.query();
    const s = await openSocket(b.url, { token: b.token });
    s.subscribe(1, { lastEventId: '1' });
    await s.reply((r) => r.id === 1 && r.result?.type === 'started', 'started');
    await b.admin.assignment.claim.mutate({ conversationId: b.conversationId });
    await until(() => s.dataIds(1).length === lastEventId, `events 2..${lastEventId + 1}`);
    expect(s.dataIds(1)).toEqual(Array.from({ length: lastEventId }, (_, i) => i + 2));
    const last = s.replies.filter((r) => r.id === 1 && r.result?.type === 'data').at(-1)!.result!;
    expect(last.data).toMatchObject({
      id: String(lastEventId + 1),
      data: { id: lastEventId + 1, type: 'ownership.claimed', conversationId: b.conversationId },
    });
  });

  it('writes a feed at the head straight to its socket after its first event, each frame byte for byte as tRPC frames it', async () => {
    const b = await boot();
    const { lastEventId } = await b.admin.events.head.query();
    const s = await openSocket(b.url, { token: b.token });
    s.send({ id: 'feed-1', jsonrpc: '2.0', method: 'subscription', params: { path: 'events.feed', input: { lastEventId: String(lastEventId) } } });
    await s.reply((r) => (r.id as unknown) === 'feed-1' && r.result?.type === 'started', 'started');
    const before = { ...server!.hub.delivered };
    for (let i = 0; i < 6; i++) {
      const mutation = i % 2 === 0 ? b.admin.assignment.claim : b.admin.assignment.release;
      await mutation.mutate({ conversationId: b.conversationId });
      const { lastEventId: top } = await b.admin.events.head.query();
      await until(() => s.replies.some((r) => r.result?.id === String(top)), `event ${top}`);
    }
    const { lastEventId: top } = await b.admin.events.head.query();
    const frames = s.frames.filter((f) => f.includes('"type":"data"'));
    expect(frames.map((f) => Number((JSON.parse(f) as Reply).result!.id))).toEqual(Array.from({ length: top - lastEventId }, (_, i) => lastEventId + 1 + i));
    // The first went through tRPC and taught the rest their frame: every one is what tRPC's adapter writes.
    for (const f of frames) {
      const { result } = JSON.parse(f) as { result: { id: string; data: { data: unknown } } };
      expect(f).toBe(
        JSON.stringify({ id: 'feed-1', jsonrpc: '2.0', result: { type: 'data', data: { id: result.id, data: result.data.data }, id: result.id } }),
      );
    }
    expect(server!.hub.delivered.yielded - before.yielded).toBe(1);
    expect(server!.hub.delivered.written - before.written).toBe(frames.length - 1);
  });

  it('runs only subscriptions: a query or mutation sent over the socket is refused and changes nothing', async () => {
    const b = await boot();
    const s = await openSocket(b.url, { token: b.token });
    s.send({ id: 1, method: 'query', params: { path: 'events.ping', input: undefined } });
    s.send({ id: 2, method: 'mutation', params: { path: 'assignment.claim', input: { conversationId: b.conversationId } } });
    for (const id of [1, 2]) {
      const err = await s.errorOf(id);
      expect(err.data.code).toBe('METHOD_NOT_SUPPORTED');
      expect(err.message).toMatch(/over HTTP/);
    }
    const view = await b.admin.conversations.get.query({ conversationId: b.conversationId });
    expect(view.ownerId).toBeNull();
  });

  it('looks the member up at each subscription: a member revoked while its socket is open loses its feed and gets no new one', async () => {
    const b = await boot();
    const invite = await b.admin.members.invite.mutate({ name: 'Cy Agent', role: 'agent' });
    const cy = await httpClient(b.url).auth.redeemInvite.mutate({ code: invite.code });
    const s = await openSocket(b.url, { token: cy.token });
    s.subscribe(1, { lastEventId: '0' });
    await s.reply((r) => r.id === 1 && r.result?.type === 'started', 'started');
    await b.admin.members.revoke.mutate({ memberId: invite.memberId });
    expect((await s.errorOf(1)).data.code).toBe('UNAUTHORIZED');
    s.subscribe(2, { lastEventId: '0' });
    expect((await s.errorOf(2)).data.code).toBe('UNAUTHORIZED');
    expect(s.dataIds(2)).toEqual([]);
  });

  it('refuses a socket without a valid token at its subscription, delivering nothing', async () => {
    const b = await boot();
    for (const token of [undefined, 'not-a-real-token', 'x'.repeat(500)]) {
      const s = await openSocket(b.url, { token });
      s.subscribe(7, { lastEventId: '0' });
      expect((await s.errorOf(7)).data.code).toBe('UNAUTHORIZED');
      expect(s.dataIds(7)).toEqual([]);
    }
  });

  it('answers bad input with a clear error and keeps serving: malformed JSON, a wrong-typed input, an unknown path, an oversized frame', async () => {
    const b = await boot();
    const s = await openSocket(b.url, { token: b.token });
    s.send('{not json');
    expect((await s.errorOf(null)).data.code).toBe('PARSE_ERROR');
    s.subscribe(1, { lastEventId: { $gt: 0 } });
    const typed = await s.errorOf(1);
    expect(typed.data.code).toBe('BAD_REQUEST');
    expect(typed.message).toMatch(/lastEventId/);
    s.send({ id: 2, method: 'subscription', params: { path: 'events.nope', input: {} } });
    expect((await s.errorOf(2)).data.code).toBe('NOT_FOUND');
    s.subscribe(3, { lastEventId: '0' });
    await s.reply((r) => r.id === 3 && r.result?.type === 'started', 'a good subscription after the bad ones');

    const big = await openSocket(b.url, { token: b.token });
    big.subscribe(1, { lastEventId: '0', pad: 'x'.repeat(300 * 1024) });
    await until(() => big.closed() !== null, 'the oversized socket to close');
    expect(big.closed()).toBe(1009);
    const after = await openSocket(b.url, { token: b.token });
    after.subscribe(1, { lastEventId: '0' });
    await after.reply((r) => r.id === 1 && r.result?.type === 'started', 'a new socket after the oversized one');
  });

  it('accepts sockets from extension pages and clients without an origin, and refuses other web origins and other paths', async () => {
    const b = await boot();
    await openSocket(b.url, { token: b.token, origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' });
    await openSocket(b.url, { token: b.token, origin: 'moz-extension://0c3a1b2d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' });
    await openSocket(b.url, { token: b.token });
    const status = (path: string, origin?: string) => upgradeStatus(b.url, path, origin);
    expect(await status('/trpc', 'https://evil.example')).toBe(403);
    expect(await status('/elsewhere')).toBe(404);
    expect(await status('/trpc')).toBe(101);
  });

  it(`runs at most ${MAX_FEEDS_PER_SOCKET} feeds on one socket, and a stopped one frees its place`, async () => {
    const b = await boot();
    const s = await openSocket(b.url, { token: b.token });
    for (let id = 1; id <= MAX_FEEDS_PER_SOCKET; id++) {
      s.subscribe(id, { lastEventId: '0' });
      await s.reply((r) => r.id === id && r.result?.type === 'started', `feed ${id} started`);
    }
    s.subscribe(99, { lastEventId: '0' });
    const refused = await s.errorOf(99);
    expect(refused.data.code).toBe('TOO_MANY_REQUESTS');
    expect(s.dataIds(99)).toEqual([]);
    s.send({ id: 1, method: 'subscription.stop' });
    await s.reply((r) => r.id === 1 && r.result?.type === 'stopped', 'feed 1 stopped');
    s.subscribe(100, { lastEventId: '0' });
    await s.reply((r) => r.id === 100 && r.result?.type === 'started', 'a feed in the freed place');
    // Another socket of the same member has its own places.
    const other = await openSocket(b.url, { token: b.token });
    other.subscribe(1, { lastEventId: '0' });
    await other.reply((r) => r.id === 1 && r.result?.type === 'started', 'a feed on another socket');
  });

  it('closes a socket that runs no feed for FEED_SOCKET_IDLE_MS: one that never subscribed, and one whose feed ended', async () => {
    const b = await boot({ FEED_SOCKET_IDLE_MS: '300' });
    const silent = await openSocket(b.url);
    const feeding = await openSocket(b.url, { token: b.token });
    feeding.subscribe(1, { lastEventId: '0' });
    await feeding.reply((r) => r.id === 1 && r.result?.type === 'started', 'started');
    await until(() => silent.closed() !== null, 'the silent socket to close');
    expect(silent.closed()).toBe(4000);
    // Three idle periods later the socket with a running feed is still open and still delivers.
    await new Promise((r) => setTimeout(r, 900));
    expect(feeding.closed()).toBeNull();
    await b.admin.assignment.claim.mutate({ conversationId: b.conversationId });
    const { lastEventId } = await b.admin.events.head.query();
    await until(() => feeding.dataIds(1).includes(lastEventId), 'the claim on the open feed');
    feeding.send({ id: 1, method: 'subscription.stop' });
    await until(() => feeding.closed() !== null, 'the socket to close once its feed stopped');
    expect(feeding.closed()).toBe(4000);
  });
});

describe('socketDrained (backpressure on the feed socket)', () => {
  afterEach(() => vi.useRealTimers());
  const socket = (bufferedAmount: number, readyState = 1) => ({ bufferedAmount, readyState });

  it('lets the feed go on at once while the socket has room', async () => {
    let done = false;
    await socketDrained(socket(SOCKET_HIGH_WATER_BYTES - 1), undefined).then(() => (done = true));
    expect(done).toBe(true);
  });

  it('holds the feed while the peer does not read, until the unsent data falls under half the mark', async () => {
    vi.useFakeTimers();
    const s = socket(SOCKET_HIGH_WATER_BYTES);
    let done = false;
    void socketDrained(s, undefined, 20).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(done).toBe(false);
    s.bufferedAmount = SOCKET_HIGH_WATER_BYTES / 2 + 1;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(done).toBe(false);
    s.bufferedAmount = SOCKET_HIGH_WATER_BYTES / 2 - 1;
    await vi.advanceTimersByTimeAsync(20);
    expect(done).toBe(true);
  });

  it('stops holding when the socket closes or the feed is stopped', async () => {
    vi.useFakeTimers();
    const closing = socket(SOCKET_HIGH_WATER_BYTES * 2);
    const stopped = new AbortController();
    const states = { closed: false, aborted: false };
    void socketDrained(closing, undefined, 20).then(() => (states.closed = true));
    void socketDrained(socket(SOCKET_HIGH_WATER_BYTES * 2), stopped.signal, 20).then(() => (states.aborted = true));
    await vi.advanceTimersByTimeAsync(200);
    expect(states).toEqual({ closed: false, aborted: false });
    closing.readyState = 3;
    stopped.abort();
    await vi.advanceTimersByTimeAsync(20);
    expect(states).toEqual({ closed: true, aborted: true });
  });
});
