/**
 * npm run bench:soak: a busy day compressed (an hour of a 50-rep team's traffic in BENCH_SOAK_MS, default 10 minutes)
 * on two PostgreSQL instances, with churn: reps drop their feed and resume from their last event id, and instance 2
 * is restarted every few minutes (its reps resume on instance 1 and go home when their feed next churns). It checks
 * what must not grow and what must not be lost, on the instance never restarted: RSS and JS heap after a forced full
 * GC (through the Node inspector, every 10 s), growth after warm-up < 10 %; open file descriptors, counted with the
 * same clients connected before and after the soak, idle HTTP sockets closed (no growth); and every rep's received
 * event ids against the workspace's log (none missing, none twice). Writes bench/results/soak.json.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { openStore } from '../server/store/open-store';
import { createWorkspace } from '../server/services/members';
import type { Deps } from '../server/services/deps';
import { describeFds, dropPgSchema, freePort, processRssBytes, ROOT, sleep, startServer, type Server } from './support/server-process';
import { openFeedSocket, rpc } from './support/wire';
import { connectCdp, debuggerUrl } from './support/cdp';

const SOAK_MS = Number(process.env.BENCH_SOAK_MS ?? 600_000);
const COMPRESSION = 3_600_000 / SOAK_MS;
const TEAMS = 5;
const TEAM = 10;
const WARMUP_SHARE = 0.2;
/** The server's pool size (server/store/postgres.ts's default); its LISTEN connection comes on top. */
const POOL_MAX = 10;
const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SERVER_ENV = {
  RATE_LIMIT_MEMBER: '1000000/1000000',
  RATE_LIMIT_ANONYMOUS: '1000000/1000000',
  FEED_MAX_SOCKETS_PER_ADDRESS: '100000',
  FEED_MAX_SSE_PER_ADDRESS: '100000',
};
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const log = (msg: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

interface Rep {
  token: string;
  team: number;
  chats: string[];
  /** Every event id received, in order, across reconnects. */
  received: number[];
  /** Where its first subscription started: everything after belongs to it. */
  from: number;
  instance: number;
  /** The instance a load balancer would give it; it returns there whenever that one is up. */
  home: number;
  feed: { close(): void } | null;
}

const fdCount = (pid: number) => {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return null;
  }
};

async function main() {
  const schema = `soak_${process.pid}`;
  const url = `${PG_URL}?schema=${schema}`;
  const inspectPort = await freePort();
  const servers: Server[] = [await startServer(url, await freePort(), undefined, { expectInvite: true, env: SERVER_ENV, inspectPort })];
  const inspector = await connectCdp(await debuggerUrl(inspectPort));
  const up = [true, true];
  let stopping = false;
  servers.push(await startServer(url, await freePort(), undefined, { expectInvite: false, env: SERVER_ENV }));
  const store = await openStore(url);
  const deps: Deps = { store, now: Date.now, config: { lockTtlMs: 15_000 }, log: pino({ level: 'silent' }) };
  const reps: Rep[] = [];
  const workspaces: string[] = [];
  let errors = 0;
  const errorKinds = new Map<string, number>();
  const fail = (what: string) => {
    errors++;
    const kind = what.slice(0, 120);
    errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
  };
  const timers: NodeJS.Timeout[] = [];
  const portOf = (r: Rep) => servers[r.instance].port;
  const subscribe = (r: Rep) => {
    r.instance = up[r.home] ? r.home : 0;
    const last = r.received.at(-1) ?? r.from;
    // A feed the server ends is resumed from the last id, as the extension's worker does.
    const feed = openFeedSocket(
      portOf(r),
      r.token,
      last,
      (e) => r.received.push(e.id),
      (text) => {
        fail(`feed ended: ${text}`);
        feed.close();
      },
    );
    feed.connected.catch((err) => fail(`feed: ${String(err)}`));
    // A dropped socket (an instance restarting) resumes on the other instance, as a load balancer would send it.
    feed.socket.on('close', () => {
      if (r.feed !== handle || stopping) return;
      r.feed = null;
      setTimeout(() => subscribe(r), 200);
    });
    const handle = { close: () => feed.close() };
    r.feed = handle;
  };
  try {
    for (let t = 0; t < TEAMS; t++) {
      const ws = await createWorkspace(deps, `Soak team ${t}`);
      workspaces.push(ws.workspaceId);
      const port = servers[0].port;
      const admin = await rpc<{ token: string }>(port, 'mutation', 'auth.redeemInvite', { code: ws.code, name: `Admin ${t}` }, undefined, agent);
      const channel = await rpc<{ id: string }>(port, 'mutation', 'conversations.resolveChannel', { wid: '34600000001' }, admin.token, agent);
      const chats: string[] = [];
      for (let i = 0; i < 20; i++)
        chats.push(
          (
            await rpc<{ conversation: { id: string } }>(
              port,
              'mutation',
              'conversations.resolve',
              { channelId: channel.id, title: `Soak ${i}`, jid: `3462${t}00${String(i).padStart(4, '0')}@c.us` },
              admin.token,
              agent,
            )
          ).conversation.id,
        );
      const { lastEventId } = await rpc<{ lastEventId: number }>(port, 'query', 'events.head', undefined, admin.token, agent);
      for (let r = 0; r < TEAM; r++) {
        const inv = await rpc<{ code: string }>(port, 'mutation', 'members.invite', { name: `Soak ${t}-${r}`, role: 'agent' }, admin.token, agent);
        const { token } = await rpc<{ token: string }>(port, 'mutation', 'auth.redeemInvite', { code: inv.code }, undefined, agent);
        const rep: Rep = { token, team: t, chats, received: [], from: lastEventId, instance: r % 2, home: r % 2, feed: null };
        reps.push(rep);
        subscribe(rep);
      }
    }
    // Every rep's feed open on its home instance, no idle HTTP sockets, the pool settled: what must hold again at the end.
    // The bench's idle keep-alive sockets are closed here (the server keeps them 65 s); the pool drops idle clients after 10 s.
    const quiescentFds = async () => {
      for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
      await sleep(15_000);
      return fdCount(servers[0].child.pid!);
    };
    const fdsBefore = await quiescentFds();
    const fdKindsBefore = describeFds(servers[0].child.pid!);
    log(`soak: ${reps.length} reps on ${servers.length} instances for ${SOAK_MS / 1000} s (${COMPRESSION}x a busy hour)`);
    let step = 0;
    const act = (r: Rep) => {
      const chat = r.chats[Math.floor(Math.random() * r.chats.length)];
      const k = step++ % 3;
      const [proc, input] =
        k === 0
          ? ['assignment.claim', { conversationId: chat }]
          : k === 1
            ? ['observations.message', { conversationId: chat, direction: 'in', at: Date.now(), messageId: `3ASOAK${step}` }]
            : ['assignment.release', { conversationId: chat }];
      rpc(portOf(r), 'mutation', proc, input, r.token, agent).catch((err) =>
        String(err).includes('CONFLICT') || String(err).includes('ECONNREFUSED') ? undefined : fail(`${proc}: ${String(err)}`),
      );
    };
    for (const r of reps) timers.push(setInterval(() => act(r), 10_000 / COMPRESSION + Math.random() * 50));
    // Churn: a tenth of the reps drop their feed and resume from their last id.
    timers.push(
      setInterval(() => {
        for (const r of reps) if (Math.random() < 0.1 && r.feed) r.feed.close();
      }, 30_000),
    );
    const samples: Array<{ at: number; rss: number; heap: number; fds: number | null }> = [];
    const started = Date.now();
    let restarts = 0;
    while (Date.now() - started < SOAK_MS) {
      await sleep(10_000);
      // RSS right after a full collection: between collections it mostly says how lazily V8 collects.
      const heap = await inspector.heapAfterGc();
      samples.push({ at: Date.now() - started, rss: processRssBytes(servers[0].child.pid!) ?? 0, heap, fds: fdCount(servers[0].child.pid!) });
      // Instance 2 restarts every three minutes of soak.
      if (Math.floor((Date.now() - started) / 180_000) > restarts) {
        restarts++;
        log(`soak: restarting instance 2 (${restarts})`);
        up[1] = false;
        await servers[1].stop();
        servers[1] = await startServer(url, servers[1].port, undefined, { expectInvite: false, env: SERVER_ENV });
        up[1] = true;
      }
    }
    for (const t of timers) clearInterval(t);
    await sleep(5_000);
    // Reps still away from home go back (the close handler resubscribes them there), then the same count as before.
    for (const r of reps) if (r.instance !== r.home) r.feed?.close();
    await sleep(5_000);
    const fdsAfter = await quiescentFds();
    const fdKindsAfter = describeFds(servers[0].child.pid!);
    // What every workspace logged, against what each of its reps received.
    const loss = { missing: 0, duplicated: 0 };
    for (const r of reps) {
      const rows = await store.db
        .selectFrom('events')
        .select('id')
        .where('workspace_id', '=', workspaces[r.team])
        .where('id', '>', r.from)
        .orderBy('id')
        .execute();
      const got = new Set(r.received);
      loss.duplicated += r.received.length - got.size;
      loss.missing += rows.filter((e) => !got.has(Number(e.id))).length;
    }
    const afterWarmup = samples.filter((s) => s.at >= SOAK_MS * WARMUP_SHARE);
    const first = afterWarmup.slice(0, 3);
    const last = afterWarmup.slice(-3);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const growth = (pick: (s: (typeof samples)[number]) => number) => Math.round((mean(last.map(pick)) / mean(first.map(pick)) - 1) * 1000) / 10;
    const rssGrowth = growth((s) => s.rss);
    const heapGrowth = growth((s) => s.heap);
    // Connections to PostgreSQL come and go with the pool (at most POOL_MAX, idle ones closed after 10 s, periodic
    // jobs keep one or two open): bounded by the pool, so they are checked against it, not counted as growth.
    const toPostgres = (kinds: Record<string, number>) => kinds['tcp established to postgres'] ?? 0;
    const fdGrowth = fdsBefore !== null && fdsAfter !== null ? fdsAfter - toPostgres(fdKindsAfter) - (fdsBefore - toPostgres(fdKindsBefore)) : null;
    const postgresConnections = { before: toPostgres(fdKindsBefore), after: toPostgres(fdKindsAfter), bound: POOL_MAX + 1 };
    const result = {
      machine: { cpus: os.cpus().length, node: process.version },
      date: new Date().toISOString(),
      method: { soakMs: SOAK_MS, compression: COMPRESSION, reps: reps.length, restartsOfInstance2: restarts },
      rssGrowthPercentAfterWarmup: rssGrowth,
      heapGrowthPercentAfterWarmup: heapGrowth,
      fileDescriptors: {
        before: fdsBefore,
        after: fdsAfter,
        growthOtherThanPostgres: fdGrowth,
        postgresConnections,
        kindsBefore: fdKindsBefore,
        kindsAfter: fdKindsAfter,
      },
      events: { ...loss, received: reps.reduce((n, r) => n + r.received.length, 0) },
      errors,
      errorKinds: Object.fromEntries(errorKinds),
      samples,
      // The heap after GC is reported to tell a leak from caches filling; the target is on RSS.
      targets: { rssGrowthPercent: 10, fileDescriptorGrowthOtherThanPostgres: 0, postgresConnectionsAtMost: POOL_MAX + 1, missing: 0, duplicated: 0 },
      meetsTargets:
        rssGrowth < 10 &&
        fdGrowth !== null &&
        fdGrowth <= 0 &&
        postgresConnections.after <= postgresConnections.bound &&
        loss.missing === 0 &&
        loss.duplicated === 0,
    };
    const out = path.join(ROOT, 'bench', 'results', 'soak.json');
    fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify({ ...result, samples: `${samples.length} samples in ${path.relative(ROOT, out)}` }, null, 2));
  } finally {
    for (const t of timers) clearInterval(t);
    stopping = true;
    for (const r of reps) r.feed?.close();
    inspector.close();
    await store.close();
    await Promise.all(servers.map((s) => s.stop()));
    await dropPgSchema(PG_URL, schema);
    agent.destroy();
  }
}

await main();
