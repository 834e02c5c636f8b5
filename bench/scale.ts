/**
 * npm run bench:scale: simulated reps that speak what the extension speaks (sign-in, the WebSocket feed, heartbeats,
 * message observations, claims, status changes and releases, and a conversations.get per feed event, as the worker
 * does today), stepped over team sizes, on SQLite (one instance) and PostgreSQL (two instances). Loopback only; it
 * stops by itself and writes bench/results/scale.json.
 *
 * Rates (a busy real day): one action per rep every 10 s, one inbound customer message per rep every 20 s, a
 * heartbeat every 20 s. Teams of 10 reps per workspace.
 * Per step: delivery p50/p99 (action -> every other rep of the workspace), action p99, server CPU (share of one
 * core), RSS, event-loop delay p99 (prom-client's, scraped from /metrics), and the feed's extra requests per event.
 *
 * Then BENCH_IDLE_SOCKETS (default 10000; 0 skips) idle but subscribed feed sockets of one workspace over two
 * PostgreSQL instances: server memory per socket, and delivery of one event to all of them.
 *
 * Environment: BENCH_SCALE_STEPS (default 50,200,500,1000), BENCH_PROFILES (sqlite,postgres), BENCH_STEP_MS
 * (measured time per step, default 30000), BENCH_FETCH_PER_EVENT (1: a conversations.get per event the feed
 * did not carry the conversation of, as the worker does).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { openStore } from '../server/store/open-store';
import { createWorkspace } from '../server/services/members';
import type { Deps } from '../server/services/deps';
import { dropPgSchema, freePort, processCpuMs, processRssBytes, ROOT, sleep, startServer, type Server } from './support/server-process';
import { openFeedSocket, rpc } from './support/wire';

type Kind = 'sqlite' | 'postgres';
const STEPS = (process.env.BENCH_SCALE_STEPS ?? '50,200,500,1000').split(',').map(Number);
const PROFILES = (process.env.BENCH_PROFILES ?? 'sqlite,postgres').split(',').map((s) => s.trim()).filter(Boolean) as Kind[];
const STEP_MS = Number(process.env.BENCH_STEP_MS ?? 30_000);
const WARM_MS = 5_000;
const FETCH_PER_EVENT = process.env.BENCH_FETCH_PER_EVENT !== '0';
const TEAM = 10;
const CHATS_PER_TEAM = 30;
const ACTION_EVERY_MS = 10_000;
const INBOUND_EVERY_MS = 20_000;
const HEARTBEAT_MS = 20_000;
const TARGETS = { deliveryP99Ms: 250, actionP99Ms: 100, cpuShare: 1 };
const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RESULTS = path.join(ROOT, 'bench', 'results', 'scale.json');
// Every rep is on loopback: the per-address and per-member limits are raised out of reach, their cost still paid.
const SERVER_ENV = { RATE_LIMIT_MEMBER: '1000000/1000000', RATE_LIMIT_ANONYMOUS: '1000000/1000000', RATE_LIMIT_AUTH_FAILURES: '1000000/1000000', FEED_MAX_SOCKETS_PER_ADDRESS: '100000', FEED_MAX_SSE_PER_ADDRESS: '100000' };
const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
const log = (msg: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

interface Rep {
  token: string;
  memberId: string;
  team: Team;
  port: number;
  arrivals: Map<number, number>;
  close(): void;
  timers: NodeJS.Timeout[];
  step: number;
}
interface Team {
  workspaceId: string;
  channelId: string;
  chats: string[];
  reps: Rep[];
}

/** What one step measured. */
interface Sample {
  actionMs: number[];
  /** "<workspace>:<eventId>" (ids are per workspace) -> when the action that made it was sent, and who made it. */
  sent: Map<string, { at: number; rep: Rep; id: number }>;
  errors: number;
  feedFetches: number;
  eventsReceived: number;
}
const fresh = (): Sample => ({ actionMs: [], sent: new Map(), errors: 0, feedFetches: 0, eventsReceived: 0 });
let sample = fresh();

const pct = (xs: number[], p: number) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10;
};

async function timedAction(rep: Rep, proc: string, input: unknown) {
  const t0 = performance.now();
  try {
    const out = await rpc<{ eventId?: number | null }>(rep.port, 'mutation', proc, input, rep.token, agent);
    sample.actionMs.push(performance.now() - t0);
    if (typeof out?.eventId === 'number') sample.sent.set(`${rep.team.workspaceId}:${out.eventId}`, { at: t0, rep, id: out.eventId });
  } catch (err) {
    // A claim lost to a teammate is an answer, not a failure; anything else is counted.
    if (!String(err).includes('CONFLICT')) sample.errors++;
    sample.actionMs.push(performance.now() - t0);
  }
}

/** The rep's next action on a chat of its team, cycling through what reps do all day. */
function act(rep: Rep) {
  const chat = rep.team.chats[Math.floor(Math.random() * rep.team.chats.length)];
  const kind = rep.step++ % 4;
  if (kind === 0) return timedAction(rep, 'assignment.claim', { conversationId: chat });
  if (kind === 1) return timedAction(rep, 'status.set', { conversationId: chat, status: 'pending' });
  if (kind === 2) return timedAction(rep, 'status.set', { conversationId: chat, status: 'open' });
  return timedAction(rep, 'assignment.release', { conversationId: chat });
}

function inbound(rep: Rep) {
  const chat = rep.team.chats[Math.floor(Math.random() * rep.team.chats.length)];
  return timedAction(rep, 'observations.message', { conversationId: chat, direction: 'in', at: Date.now(), messageId: `3A${Math.random().toString(16).slice(2, 18).toUpperCase()}` });
}

/** Starts a rep's timers, phase-shifted at random so a step's load is spread, not in waves. */
function startRep(rep: Rep) {
  const every = (ms: number, fn: () => unknown) => {
    const first = setTimeout(() => {
      void fn();
      rep.timers.push(setInterval(() => void fn(), ms));
    }, Math.random() * ms);
    rep.timers.push(first);
  };
  every(ACTION_EVERY_MS, () => act(rep));
  every(INBOUND_EVERY_MS, () => inbound(rep));
  every(HEARTBEAT_MS, () => rpc(rep.port, 'mutation', 'members.heartbeat', { connectionId: `bench-${rep.memberId}`, channelId: rep.team.channelId, browser: 'bench' }, rep.token, agent).catch(() => sample.errors++));
}

async function signInTeam(deps: Deps, ports: number[], index: number): Promise<Team> {
  const ws = await createWorkspace(deps, `Bench team ${index}`);
  const port0 = ports[index % ports.length];
  const admin = await rpc<{ token: string }>(port0, 'mutation', 'auth.redeemInvite', { code: ws.code, name: `Admin ${index}` }, undefined, agent);
  const channel = await rpc<{ id: string }>(port0, 'mutation', 'conversations.resolveChannel', { wid: '34600000001' }, admin.token, agent);
  const chats: string[] = [];
  for (let i = 0; i < CHATS_PER_TEAM; i++) {
    const r = await rpc<{ conversation: { id: string } }>(port0, 'mutation', 'conversations.resolve', { channelId: channel.id, title: `Customer ${i}`, jid: `3461${String(index).padStart(4, '0')}${String(i).padStart(4, '0')}@c.us` }, admin.token, agent);
    chats.push(r.conversation.id);
  }
  const team: Team = { workspaceId: ws.workspaceId, channelId: channel.id, chats, reps: [] };
  const { lastEventId } = await rpc<{ lastEventId: number }>(port0, 'query', 'events.head', undefined, admin.token, agent);
  for (let r = 0; r < TEAM; r++) {
    const inv = await rpc<{ code: string; memberId: string }>(port0, 'mutation', 'members.invite', { name: `Rep ${index}-${r}`, role: 'agent' }, admin.token, agent);
    const { token } = await rpc<{ token: string }>(port0, 'mutation', 'auth.redeemInvite', { code: inv.code }, undefined, agent);
    // Reps spread over the instances, like a load balancer would spread them.
    const port = ports[(index * TEAM + r) % ports.length];
    const arrivals = new Map<number, number>();
    const rep: Rep = { token, memberId: inv.memberId, team, port, arrivals, close: () => undefined, timers: [], step: r };
    const feed = openFeedSocket(port, token, lastEventId, (e, at) => {
      arrivals.set(e.id, at);
      sample.eventsReceived++;
      // The worker asks for an event's conversation only when the feed did not carry it.
      if (FETCH_PER_EVENT && e.conversationId && !e.hasConversation) {
        sample.feedFetches++;
        rpc(port, 'query', 'conversations.get', { conversationId: e.conversationId }, token, agent).catch(() => sample.errors++);
      }
    });
    await feed.connected;
    rep.close = feed.close;
    team.reps.push(rep);
  }
  return team;
}

async function eventLoopP99Ms(port: number): Promise<number | null> {
  const text = await new Promise<string>((resolve) => {
    http.get({ host: '127.0.0.1', port, path: '/metrics', agent: false }, (res) => {
      let t = '';
      res.on('data', (c) => (t += c));
      res.on('end', () => resolve(t));
    }).on('error', () => resolve(''));
  });
  const m = /^nodejs_eventloop_lag_p99_seconds\s+([\d.e+-]+)/m.exec(text);
  return m ? Math.round(Number(m[1]) * 1000 * 10) / 10 : null;
}

async function runStep(servers: Server[], teams: Team[], reps: number) {
  const pids = servers.map((s) => s.child.pid!);
  await sleep(WARM_MS);
  await Promise.all(servers.map((s) => eventLoopP99Ms(s.port)));
  sample = fresh();
  const cpu0 = processCpuMs(pids);
  const t0 = performance.now();
  await sleep(STEP_MS);
  // Actions keep running through the grace below: only those started in the window are judged.
  const windowEnd = performance.now();
  const wall = windowEnd - t0;
  const cpu1 = processCpuMs(pids);
  const loop = await Promise.all(servers.map((s) => eventLoopP99Ms(s.port)));
  // Late deliveries of the step's last actions still count: give them a moment.
  await sleep(2_000);
  const delivery: number[] = [];
  let missing = 0;
  for (const { at, rep, id } of sample.sent.values()) {
    if (at > windowEnd) continue;
    for (const other of rep.team.reps) {
      if (other === rep) continue;
      const arrived = other.arrivals.get(id);
      if (arrived === undefined) missing++;
      else delivery.push(arrived - at);
    }
  }
  for (const t of teams) for (const r of t.reps) r.arrivals.clear();
  const cpuShare = cpu0 !== null && cpu1 !== null ? Math.round(((cpu1 - cpu0) / wall) * 100) / 100 : null;
  const rep = {
    reps,
    workspaces: teams.length,
    deliveryP50Ms: pct(delivery, 50),
    deliveryP99Ms: pct(delivery, 99),
    deliveries: delivery.length,
    missingDeliveries: missing,
    actionP99Ms: pct(sample.actionMs, 99),
    actions: sample.actionMs.length,
    errors: sample.errors,
    serverCpuShare: cpuShare,
    serverRssMb: servers.map((s) => Math.round((processRssBytes(s.child.pid!) ?? 0) / 1048576)),
    eventLoopP99Ms: loop,
    feedRequestsPerEventPerRep: sample.eventsReceived ? Math.round((sample.feedFetches / sample.eventsReceived) * 100) / 100 : null,
  };
  const meets = (rep.deliveryP99Ms ?? Infinity) <= TARGETS.deliveryP99Ms && (rep.actionP99Ms ?? Infinity) <= TARGETS.actionP99Ms && (cpuShare ?? Infinity) < TARGETS.cpuShare * servers.length && missing === 0;
  return { ...rep, meetsTargets: meets };
}

async function runProfile(kind: Kind) {
  const schema = `scale_${process.pid}`;
  const url = kind === 'sqlite' ? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'inbox-scale-')), 'inbox.sqlite') : `${PG_URL}?schema=${schema}`;
  const servers: Server[] = [];
  servers.push(await startServer(url, await freePort(), undefined, { expectInvite: true, env: SERVER_ENV }));
  if (kind === 'postgres') servers.push(await startServer(url, await freePort(), undefined, { expectInvite: false, env: SERVER_ENV }));
  const store = await openStore(url);
  const deps: Deps = { store, now: Date.now, config: { lockTtlMs: 15_000, unsafeNoFencing: false }, log: pino({ level: 'silent' }) };
  const teams: Team[] = [];
  const steps = [];
  try {
    for (const reps of STEPS) {
      while (teams.length * TEAM < reps) teams.push(await signInTeam(deps, servers.map((s) => s.port), teams.length));
      for (const t of teams) for (const r of t.reps) if (!r.timers.length) startRep(r);
      log(`${kind}: ${reps} reps signed in on ${servers.length} instance(s); measuring ${STEP_MS / 1000} s`);
      const step = await runStep(servers, teams, reps);
      log(`${kind} ${reps} reps: ${JSON.stringify(step)}`);
      steps.push(step);
    }
  } finally {
    for (const t of teams) for (const r of t.reps) {
      r.timers.forEach((x) => clearTimeout(x));
      r.close();
    }
    await store.close();
    await Promise.all(servers.map((s) => s.stop()));
    if (kind === 'postgres') {
      await dropPgSchema(PG_URL, schema);
    }
  }
  const firstMiss = steps.find((s) => !s.meetsTargets)?.reps ?? null;
  return { instances: servers.length, steps, firstStepMissingTargets: firstMiss, largestMeetingTargets: [...steps].reverse().find((s) => s.meetsTargets)?.reps ?? null };
}

const IDLE_SOCKETS = Number(process.env.BENCH_IDLE_SOCKETS ?? 10_000);
const SOCKETS_PER_MEMBER = 10;

/** Many idle feed sockets of one workspace over two instances: memory per socket, and one event delivered to all. */
async function idleSockets() {
  const schema = `scale_idle_${process.pid}`;
  const url = `${PG_URL}?schema=${schema}`;
  const servers = [await startServer(url, await freePort(), undefined, { expectInvite: true, env: SERVER_ENV })];
  servers.push(await startServer(url, await freePort(), undefined, { expectInvite: false, env: SERVER_ENV }));
  const store = await openStore(url);
  const deps: Deps = { store, now: Date.now, config: { lockTtlMs: 15_000, unsafeNoFencing: false }, log: pino({ level: 'silent' }) };
  const sockets: Array<{ close(): void; arrivals: Map<number, number> }> = [];
  try {
    const ws = await createWorkspace(deps, 'Idle sockets');
    const port = servers[0].port;
    const admin = await rpc<{ token: string }>(port, 'mutation', 'auth.redeemInvite', { code: ws.code, name: 'Idle admin' }, undefined, agent);
    const channel = await rpc<{ id: string }>(port, 'mutation', 'conversations.resolveChannel', { wid: '34600000001' }, admin.token, agent);
    const chat = await rpc<{ conversation: { id: string } }>(port, 'mutation', 'conversations.resolve', { channelId: channel.id, title: 'Broadcast', jid: '34699999999@c.us' }, admin.token, agent);
    const members = Math.ceil(IDLE_SOCKETS / SOCKETS_PER_MEMBER);
    const tokens: string[] = [];
    for (let m = 0; m < members; m++) {
      const inv = await rpc<{ code: string }>(port, 'mutation', 'members.invite', { name: `Idle ${m}`, role: 'agent' }, admin.token, agent);
      tokens.push((await rpc<{ token: string }>(port, 'mutation', 'auth.redeemInvite', { code: inv.code }, undefined, agent)).token);
    }
    const { lastEventId } = await rpc<{ lastEventId: number }>(port, 'query', 'events.head', undefined, admin.token, agent);
    await sleep(2_000);
    const rssBefore = servers.map((s) => processRssBytes(s.child.pid!) ?? 0);
    log(`idle: ${members} members signed in; opening ${IDLE_SOCKETS} feed sockets over ${servers.length} instances`);
    for (let i = 0; i < IDLE_SOCKETS; i += 250) {
      const batch = [];
      for (let k = i; k < Math.min(IDLE_SOCKETS, i + 250); k++) {
        const arrivals = new Map<number, number>();
        const feed = openFeedSocket(servers[k % servers.length].port, tokens[Math.floor(k / SOCKETS_PER_MEMBER)], lastEventId, (e, at) => arrivals.set(e.id, at));
        sockets.push({ close: feed.close, arrivals });
        batch.push(feed.connected);
      }
      await Promise.all(batch);
    }
    await sleep(5_000);
    const rssAfter = servers.map((s) => processRssBytes(s.child.pid!) ?? 0);
    const perInstance = IDLE_SOCKETS / servers.length;
    const bytesPerSocket = servers.map((_, i) => Math.round((rssAfter[i] - rssBefore[i]) / perInstance));
    log(`idle: sockets open; server memory per socket ${bytesPerSocket.map((b) => `${(b / 1024).toFixed(1)} KB`).join(', ')}`);
    const delivery: number[] = [];
    let missing = 0;
    for (let round = 0; round < 5; round++) {
      const t0 = performance.now();
      const out = await rpc<{ eventId: number }>(port, 'mutation', round % 2 ? 'assignment.release' : 'assignment.claim', { conversationId: chat.conversation.id }, admin.token, agent);
      await sleep(3_000);
      for (const s of sockets) {
        const at = s.arrivals.get(out.eventId);
        if (at === undefined) missing++;
        else delivery.push(at - t0);
      }
    }
    return { sockets: IDLE_SOCKETS, instances: servers.length, serverBytesPerSocket: bytesPerSocket, deliveryP50Ms: pct(delivery, 50), deliveryP99Ms: pct(delivery, 99), deliveries: delivery.length, missing, targets: { bytesPerSocket: 20 * 1024, deliveryP99Ms: 1_000 } };
  } finally {
    for (const s of sockets) s.close();
    await store.close();
    await Promise.all(servers.map((s) => s.stop()));
    await dropPgSchema(PG_URL, schema);
  }
}

async function main() {
  const profiles: Record<string, unknown> = {};
  for (const kind of PROFILES) profiles[kind] = await runProfile(kind);
  const idle = IDLE_SOCKETS > 0 ? await idleSockets() : null;
  const sq = profiles.sqlite as { largestMeetingTargets: number | null } | undefined;
  const pgp = profiles.postgres as { largestMeetingTargets: number | null } | undefined;
  const result = {
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, node: process.version },
    date: new Date().toISOString(),
    method: { team: TEAM, chatsPerTeam: CHATS_PER_TEAM, actionEveryMs: ACTION_EVERY_MS, inboundEveryMs: INBOUND_EVERY_MS, heartbeatMs: HEARTBEAT_MS, stepMs: STEP_MS, fetchPerEvent: FETCH_PER_EVENT, targets: TARGETS },
    profiles,
    idleSockets: idle,
    twoInstanceRatio: sq?.largestMeetingTargets && pgp?.largestMeetingTargets ? Math.round((pgp.largestMeetingTargets / sq.largestMeetingTargets) * 100) / 100 : null,
  };
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  agent.destroy();
}

await main();
