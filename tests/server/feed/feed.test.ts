import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { TRPCClientError } from '@trpc/client';
import type { AppRouter } from '../../../server/routers/_app';
import type { EventView } from '../../../utils/schemas/events';
import { tempDbPath } from '../support/harness';
import { httpClient, type FeedTransport } from '../support/http-client';
import { createConversations, toggleOwnership } from '../support/claim-writer';
import { follow, groupsOf, range, type Follower } from '../support/feed-follower';
import { freePort, LOAD_TEST_LIMITS, spawnServer, type SpawnedServer } from '../support/spawn-server';

const ROOT = path.resolve(__dirname, '../../..');
type Client = ReturnType<typeof httpClient>;

const servers: SpawnedServer[] = [];
const followers: Follower[] = [];
const files: string[] = [];
afterEach(async () => {
  for (const f of followers.splice(0)) f.stop();
  await Promise.all(servers.splice(0).map((s) => s.kill('SIGKILL')));
  for (const file of files.splice(0)) fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntil(cond: () => boolean, what: () => string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what()}`);
    await sleep(25);
  }
}

async function start(file: string, port: number): Promise<SpawnedServer> {
  const server = await spawnServer({ DATABASE_URL: file, ...LOAD_TEST_LIMITS }, port);
  servers.push(server);
  return server;
}

/** A fresh server on a temp SQLite file, with the first-start admin signed in over HTTP. */
async function boot(feed: FeedTransport) {
  const file = tempDbPath('feed');
  files.push(file);
  const port = freePort();
  const server = await start(file, port);
  // The invite is printed right after the server starts listening, so it can trail /health by a moment.
  await waitUntil(
    () => server.output.some((l) => l.includes('Admin invite code:')),
    () => 'the first-start invite',
    10_000,
  );
  const code = server.output.join('\n').match(/Admin invite code: (\S+)/)![1];
  const { token, workspaceId } = await httpClient(server.url).auth.redeemInvite.mutate({ code, name: 'Ada Admin' });
  return { file, port, server, url: server.url, token, workspaceId, admin: httpClient(server.url, token, { feed }) };
}

const conversations = createConversations;

const write = (client: Client, groups: string[][], opts: { rounds?: number; tolerate?: boolean }) => toggleOwnership(client, groups, { ...opts, pauseMs: 0 });

/** The event table, read straight from the SQLite file: the truth every subscriber is compared with. */
function readLog(file: string, workspaceId: string) {
  const db = new Database(file, { fileMustExist: true });
  try {
    return db.prepare('select id, type, conversation_id as conversationId from events where workspace_id = ? order by id').all(workspaceId) as Array<{
      id: number;
      type: string;
      conversationId: string | null;
    }>;
  } finally {
    db.close();
  }
}
function readHead(file: string, workspaceId: string): number {
  const db = new Database(file, { fileMustExist: true });
  try {
    return (db.prepare('select last_event_id as head from workspaces where id = ?').get(workspaceId) as { head: number }).head;
  } finally {
    db.close();
  }
}
const shape = (events: EventView[]) => events.map((e) => ({ id: e.id, type: e.type as string, conversationId: e.conversationId }));

async function waitForAll(fs: Follower[], top: number) {
  await waitUntil(
    () => fs.every((f) => f.last() >= top),
    () => `subscribers to reach event ${top}; at ${fs.map((f) => f.last()).join(', ')}; errors: ${fs.flatMap((f) => f.errors.map(String)).join('; ')}`,
  );
}

function expectExact(f: Follower, log: ReturnType<typeof readLog>) {
  expect(f.errors).toEqual([]);
  expect(f.idMismatches).toBe(0);
  expect(f.ids()).toEqual(range(f.after + 1, log.length));
  expect(shape(f.events)).toEqual(log.slice(f.after));
}

/** `npm run admin -- create-workspace` against the same file: the only way to make a second workspace. */
async function createWorkspaceByCli(file: string, name: string): Promise<{ workspaceId: string; adminInviteCode: string }> {
  const child = spawn('npm', ['run', '--silent', 'admin', '--', 'create-workspace', '--name', name], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: file },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (b) => (out += String(b)));
  child.stderr.on('data', (b) => (err += String(b)));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`admin CLI exited with ${code}: ${err}`);
  return JSON.parse(out.slice(out.indexOf('{')));
}

describe.each(['sse', 'ws'] as const)('events.feed over %s against a spawned server', (feed) => {
  const client = (url: string, token?: string) => httpClient(url, token, { feed });

  it('every subscriber receives every event exactly once and in order while writes happen concurrently', async () => {
    const b = await boot(feed);
    const invite = await b.admin.members.invite.mutate({ name: 'Bo Chen', role: 'agent' });
    const bo = client(b.url, (await client(b.url).auth.redeemInvite.mutate({ code: invite.code })).token);
    const convs = await conversations(b.admin, 8, '34600000001', 34611000000);
    const early = [follow(b.admin, null, followers), follow(b.admin, 0, followers), follow(bo, 0, followers), follow(bo, 5, followers)];
    const w = write(b.admin, groupsOf(convs, 2), { rounds: 30 });
    const late: Follower[] = [];
    while (late.length < 3) {
      await sleep(30);
      late.push(follow(bo, w.state.top, followers));
    }
    late.push(follow(b.admin, 0, followers));
    await w.done;
    const top = readHead(b.file, b.workspaceId);
    expect(top).toBeGreaterThanOrEqual(w.state.top);
    const all = [...early, ...late];
    await waitForAll(all, top);
    const log = readLog(b.file, b.workspaceId);
    expect(log.map((e) => e.id)).toEqual(range(1, top));
    for (const f of all) expectExact(f, log);
    expect(early[0].events.filter((e) => e.type === 'ownership.claimed')).toHaveLength(8 * 15);
  });

  it('a subscriber that unsubscribes and resumes from the last id it saw gets exactly the missed events, again and again', async () => {
    const b = await boot(feed);
    const convs = await conversations(b.admin, 6, '34600000001', 34612000000);
    const w = write(b.admin, groupsOf(convs, 2), {});
    const resumers = [40, 150, 400].map(async (pauseMs) => {
      const segments: EventView[][] = [];
      const missed: number[] = [];
      let last = 0;
      for (let cycle = 0; cycle < 6; cycle++) {
        const f = follow(b.admin, last, followers);
        await waitUntil(
          () => f.events.length >= 10,
          () => `10 events after ${last} (have ${f.events.length})`,
        );
        f.stop();
        expect(f.errors).toEqual([]);
        segments.push([...f.events]);
        last = f.last();
        await sleep(pauseMs);
        missed.push(w.state.top - last);
      }
      return { segments, missed, last };
    });
    const runs = await Promise.all(resumers);
    w.state.stop = true;
    await w.done;
    const top = readHead(b.file, b.workspaceId);
    const finals = runs.map((r) => follow(b.admin, r.last, followers));
    await waitForAll(finals, top);
    const log = readLog(b.file, b.workspaceId);
    runs.forEach((run, i) => {
      const all = [...run.segments.flat(), ...finals[i].events];
      for (let s = 1; s < run.segments.length; s++) expect(run.segments[s][0].id).toBe(run.segments[s - 1].at(-1)!.id + 1);
      expect(all.map((e) => e.id)).toEqual(range(1, top));
      expect(shape(all)).toEqual(log);
      // The pauses must really have let writes through, or the resumes proved nothing.
      expect(Math.max(...run.missed)).toBeGreaterThan(0);
    });
    expect(finals.every((f) => f.errors.length === 0)).toBe(true);
  });

  it.each(['SIGTERM', 'SIGKILL'] as const)(
    'a subscriber ends with the complete log, each event once and in order, across %s restarts on the same file and port',
    async (signal) => {
      const b = await boot(feed);
      const convs = await conversations(b.admin, 8, '34600000001', 34613000000);
      const auto = follow(b.admin, null, followers);
      let manual = follow(b.admin, null, followers);
      const manualSegments: EventView[][] = [];
      const w = write(b.admin, groupsOf(convs, 2), { tolerate: true });
      let server = b.server;
      for (let cycle = 0; cycle < 2; cycle++) {
        const okBefore = w.state.ok;
        await waitUntil(
          () => w.state.ok >= okBefore + 40 && manual.events.length >= 10,
          () => `writes before restart ${cycle + 1}`,
        );
        await server.kill(signal);
        manual.stop();
        manualSegments.push([...manual.events]);
        await sleep(300);
        server = await start(b.file, b.port);
        manual = follow(b.admin, manual.last(), followers);
        const okAfter = w.state.ok;
        await waitUntil(
          () => w.state.ok >= okAfter + 40,
          () => `writes after restart ${cycle + 1}`,
        );
      }
      // Past one 500-event page, so the cold read from 0 below has to page.
      await waitUntil(
        () => w.state.top > 600,
        () => `600 events (at ${w.state.top})`,
      );
      w.state.stop = true;
      await w.done;
      const top = readHead(b.file, b.workspaceId);
      await waitForAll([auto, manual], top);
      auto.stop();
      manual.stop();
      // A client that was offline across one more restart reads the whole log from 0 off a cold feed, with no writes to wake it.
      await server.kill(signal);
      server = await start(b.file, b.port);
      const fresh = follow(b.admin, null, followers);
      await waitForAll([fresh], top);
      await server.kill('SIGTERM');
      const log = readLog(b.file, b.workspaceId);
      expect(log.map((e) => e.id)).toEqual(range(1, top));
      expectExact(auto, log);
      expectExact(fresh, log);
      const pieced = [...manualSegments.flat(), ...manual.events];
      expect(pieced.map((e) => e.id)).toEqual(range(1, top));
      expect(shape(pieced)).toEqual(log);
      expect(manual.errors).toEqual([]);
    },
    120_000,
  );

  it("a second workspace's subscriber sees none of the first workspace's events, and the other way round", async () => {
    const b = await boot(feed);
    const created = await createWorkspaceByCli(b.file, 'Second team');
    expect(created.workspaceId).not.toBe(b.workspaceId);
    const redeemed = await client(b.url).auth.redeemInvite.mutate({ code: created.adminInviteCode, name: 'Zoe Admin' });
    expect(redeemed.workspaceId).toBe(created.workspaceId);
    const second = client(b.url, redeemed.token);
    const convs1 = await conversations(b.admin, 4, '34600000001', 34614000000);
    const convs2 = await conversations(second, 4, '34600000002', 34615000000);
    const f1 = follow(b.admin, 0, followers);
    const f2 = follow(second, 0, followers);
    const w1 = write(b.admin, groupsOf(convs1, 2), { rounds: 20 });
    const w2 = write(second, groupsOf(convs2, 2), { rounds: 10 });
    await Promise.all([w1.done, w2.done]);
    const top1 = readHead(b.file, b.workspaceId);
    const top2 = readHead(b.file, created.workspaceId);
    await waitForAll([f1], top1);
    await waitForAll([f2], top2);
    // Ids are per workspace, so a leak would show as extra events past the head or as foreign conversations.
    await sleep(300);
    const log1 = readLog(b.file, b.workspaceId);
    const log2 = readLog(b.file, created.workspaceId);
    expectExact(f1, log1);
    expectExact(f2, log2);
    expect(f2.events[0]).toMatchObject({ id: 1, type: 'workspace.created', data: { name: 'Second team' } });
    const foreign1 = new Set(convs1);
    expect(f2.events.filter((e) => e.conversationId && foreign1.has(e.conversationId))).toEqual([]);
    const foreign2 = new Set(convs2);
    expect(f1.events.filter((e) => e.conversationId && foreign2.has(e.conversationId))).toEqual([]);
  });

  it('refuses the feed without a valid token (UNAUTHORIZED), delivering nothing', async () => {
    const b = await boot(feed);
    const invite = await b.admin.members.invite.mutate({ name: 'Cy Revoked', role: 'agent' });
    const cyToken = (await client(b.url).auth.redeemInvite.mutate({ code: invite.code })).token;
    await b.admin.members.revoke.mutate({ memberId: invite.memberId });
    const attempts = [
      follow(client(b.url), 0, followers),
      follow(client(b.url, 'not-a-real-token-'.repeat(3)), 0, followers),
      follow(client(b.url, cyToken), null, followers),
    ];
    await waitUntil(
      () => attempts.every((f) => f.errors.length > 0),
      () => 'every refused subscription to report an error',
    );
    for (const f of attempts) {
      expect(f.errors).toHaveLength(1);
      const err = f.errors[0];
      expect(err).toBeInstanceOf(TRPCClientError);
      expect((err as TRPCClientError<AppRouter>).data?.code).toBe('UNAUTHORIZED');
      expect(f.events).toEqual([]);
    }
    const valid = follow(b.admin, 0, followers);
    await waitUntil(
      () => valid.events.length > 0,
      () => 'the admin feed',
    );
    expect(valid.errors).toEqual([]);
  });
});
