/**
 * npm run bench:soak: a busy day compressed (an hour of a 50-rep team's traffic in BENCH_SOAK_MS, default 10 minutes)
 * on two PostgreSQL instances, with churn: reps drop their feed and resume from their last event id, and instance 2
 * is restarted every few minutes (its reps resume on instance 1). It checks what must not grow and what must not be
 * lost: server RSS after warm-up (< 10 % growth), open file descriptors of the instance never restarted, and every
 * rep's received event ids against the workspace's log (none missing, none twice). Writes bench/results/soak.json.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { openStore } from '../server/store/open-store';
import { createWorkspace } from '../server/services/members';
import type { Deps } from '../server/services/deps';
import { dropPgSchema, freePort, processRssBytes, ROOT, sleep, startServer, type Server } from './support/server-process';
import { openFeedSocket, rpc } from './support/wire';

const SOAK_MS = Number(process.env.BENCH_SOAK_MS ?? 600_000);
const COMPRESSION = 3_600_000 / SOAK_MS;
const TEAMS = 5;
const TEAM = 10;
const WARMUP_SHARE = 0.2;
const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SERVER_ENV = { RATE_LIMIT_MEMBER: '1000000/1000000', RATE_LIMIT_ANONYMOUS: '1000000/1000000', FEED_MAX_SOCKETS_PER_ADDRESS: '100000', FEED_MAX_SSE_PER_ADDRESS: '100000' };
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
  const servers: Server[] = [await startServer(url, await freePort(), undefined, { expectInvite: true, env: SERVER_ENV })];
  servers.push(await startServer(url, await freePort(), undefined, { expectInvite: false, env: SERVER_ENV }));
  const store = await openStore(url);
  const deps: Deps = { store, now: Date.now, config: { lockTtlMs: 15_000, unsafeNoFencing: false }, log: pino({ level: 'silent' }) };
  const reps: Rep[] = [];
  const workspaces: string[] = [];
  let errors = 0;
  const timers: NodeJS.Timeout[] = [];
  const portOf = (r: Rep) => servers[r.instance].port;
  const subscribe = (r: Rep) => {
    const last = r.received.at(-1) ?? r.from;
    const feed = openFeedSocket(portOf(r), r.token, last, (e) => r.received.push(e.id));
    feed.connected.catch(() => errors++);
    // A dropped socket (an instance restarting) resumes on the other instance, as a load balancer would send it.
    feed.socket.on('close', () => {
      if (r.feed !== handle) return;
      r.feed = null;
      r.instance = 0;
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
      for (let i = 0; i < 20; i++) chats.push((await rpc<{ conversation: { id: string } }>(port, 'mutation', 'conversations.resolve', { channelId: channel.id, title: `Soak ${i}`, jid: `3462${t}00${String(i).padStart(4, '0')}@c.us` }, admin.token, agent)).conversation.id);
      const { lastEventId } = await rpc<{ lastEventId: number }>(port, 'query', 'events.head', undefined, admin.token, agent);
      for (let r = 0; r < TEAM; r++) {
        const inv = await rpc<{ code: string }>(port, 'mutation', 'members.invite', { name: `Soak ${t}-${r}`, role: 'agent' }, admin.token, agent);
        const { token } = await rpc<{ token: string }>(port, 'mutation', 'auth.redeemInvite', { code: inv.code }, undefined, agent);
        const rep: Rep = { token, team: t, chats, received: [], from: lastEventId, instance: r % 2, feed: null };
        reps.push(rep);
        subscribe(rep);
      }
    }
    log(`soak: ${reps.length} reps on ${servers.length} instances for ${SOAK_MS / 1000} s (${COMPRESSION}x a busy hour)`);
    let step = 0;
    const act = (r: Rep) => {
      const chat = r.chats[Math.floor(Math.random() * r.chats.length)];
      const k = step++ % 3;
      const [proc, input] = k === 0 ? ['assignment.claim', { conversationId: chat }] : k === 1 ? ['observations.message', { conversationId: chat, direction: 'in', at: Date.now(), messageId: `3ASOAK${step}` }] : ['assignment.release', { conversationId: chat }];
      rpc(portOf(r), 'mutation', proc, input, r.token, agent).catch((err) => (String(err).includes('CONFLICT') || String(err).includes('ECONNREFUSED') ? undefined : errors++));
    };
    for (const r of reps) timers.push(setInterval(() => act(r), 10_000 / COMPRESSION + Math.random() * 50));
    // Churn: a tenth of the reps drop their feed and resume from their last id.
    timers.push(setInterval(() => {
      for (const r of reps) if (Math.random() < 0.1 && r.feed) r.feed.close();
    }, 30_000));
    const samples: Array<{ at: number; rss: number; fds: number | null }> = [];
    const started = Date.now();
    let restarts = 0;
    while (Date.now() - started < SOAK_MS) {
      await sleep(10_000);
      samples.push({ at: Date.now() - started, rss: processRssBytes(servers[0].child.pid!) ?? 0, fds: fdCount(servers[0].child.pid!) });
      // Instance 2 restarts every three minutes of soak.
      if (Math.floor((Date.now() - started) / 180_000) > restarts) {
        restarts++;
        log(`soak: restarting instance 2 (${restarts})`);
        await servers[1].stop();
        servers[1] = await startServer(url, servers[1].port, undefined, { expectInvite: false, env: SERVER_ENV });
      }
    }
    for (const t of timers) clearInterval(t);
    await sleep(5_000);
    // What every workspace logged, against what each of its reps received.
    const loss = { missing: 0, duplicated: 0 };
    for (const r of reps) {
      const rows = await store.db.selectFrom('events').select('id').where('workspace_id', '=', workspaces[r.team]).where('id', '>', r.from).orderBy('id').execute();
      const got = new Set(r.received);
      loss.duplicated += r.received.length - got.size;
      loss.missing += rows.filter((e) => !got.has(Number(e.id))).length;
    }
    const afterWarmup = samples.filter((s) => s.at >= SOAK_MS * WARMUP_SHARE);
    const first = afterWarmup.slice(0, 3);
    const last = afterWarmup.slice(-3);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const rssGrowth = Math.round((mean(last.map((s) => s.rss)) / mean(first.map((s) => s.rss)) - 1) * 1000) / 10;
    const fdGrowth = (last.at(-1)?.fds ?? 0) - (first[0]?.fds ?? 0);
    const result = {
      machine: { cpus: os.cpus().length, node: process.version },
      date: new Date().toISOString(),
      method: { soakMs: SOAK_MS, compression: COMPRESSION, reps: reps.length, restartsOfInstance2: restarts },
      rssGrowthPercentAfterWarmup: rssGrowth,
      fileDescriptorGrowth: fdGrowth,
      events: { ...loss, received: reps.reduce((n, r) => n + r.received.length, 0) },
      errors,
      samples,
      targets: { rssGrowthPercent: 10, fileDescriptorGrowth: 0, missing: 0, duplicated: 0 },
      meetsTargets: rssGrowth < 10 && fdGrowth <= 0 && loss.missing === 0 && loss.duplicated === 0,
    };
    const out = path.join(ROOT, 'bench', 'results', 'soak.json');
    fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify({ ...result, samples: `${samples.length} samples in ${path.relative(ROOT, out)}` }, null, 2));
  } finally {
    for (const t of timers) clearInterval(t);
    for (const r of reps) r.feed?.close();
    await store.close();
    await Promise.all(servers.map((s) => s.stop()));
    await dropPgSchema(PG_URL, schema);
    agent.destroy();
  }
}

await main();
