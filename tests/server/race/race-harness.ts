import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { TRPCClientError } from '@trpc/client';
import type { Role } from '../../../utils/schemas/common';
import type { EventTable } from '../../../server/store/tables';
import { httpClient } from '../support/http-client';
import { freePort, LOAD_TEST_LIMITS, spawnServer, type SpawnedServer } from '../support/spawn-server';
import { tempDbPath } from '../support/harness';
import type { ErrOutcome, FinalState, LoggedEvent, OkOutcome, OpName, OpRecord } from './history-checker';

export type Api = ReturnType<typeof httpClient>;

export interface Member {
  name: string;
  id: string;
  role: Role;
  token: string;
  api: Api;
}

/** A deterministic PRNG (mulberry32) so a failing seed can be replayed. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
  };
}

/** `dbFile` is any DATABASE_URL: a SQLite file path or a postgres:// URL (with `?schema=`). */
export async function startServer(opts: {
  dbFile: string;
  lockTtlMs: number;
  unsafe?: boolean;
  port?: number;
  env?: Record<string, string>;
}): Promise<SpawnedServer> {
  const entry = opts.unsafe ? 'tests/server/race/unfenced-server.ts' : undefined;
  return spawnServer({ DATABASE_URL: opts.dbFile, LOCK_TTL_MS: String(opts.lockTtlMs), ...LOAD_TEST_LIMITS, ...opts.env }, opts.port ?? freePort(), entry);
}

/** The same member, talking to another instance (tokens are valid on every instance of one database). */
export const onServer = (m: Member, server: SpawnedServer): Member => ({ ...m, api: httpClient(server.url, m.token) });

/** The first start prints the admin invite on stdout; the pipe may deliver it just after /health answers. */
export async function adminInviteCode(server: SpawnedServer): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const m = /Admin invite code: (\S+)/.exec(server.output.join('\n'));
    if (m) return m[1];
    if (Date.now() > deadline) throw new Error(`no admin invite code in the server output:\n${server.output.join('\n')}`);
    await sleep(50);
  }
}

/** Redeems the first-start invite, invites and redeems every member, and opens one channel. */
export async function bootstrapWorkspace(server: SpawnedServer, people: { name: string; role: Role }[]) {
  const anonymous = httpClient(server.url);
  const redeemed = await anonymous.auth.redeemInvite.mutate({ code: await adminInviteCode(server), name: 'Ada Admin' });
  const admin: Member = { name: 'Ada Admin', id: redeemed.member.id, role: 'admin', token: redeemed.token, api: httpClient(server.url, redeemed.token) };
  const members: Member[] = [];
  for (let i = 0; i < people.length; i += 30) {
    const batch = await Promise.all(
      people.slice(i, i + 30).map(async (p) => {
        const inv = await admin.api.members.invite.mutate(p);
        const red = await anonymous.auth.redeemInvite.mutate({ code: inv.code });
        return { name: p.name, id: red.member.id, role: p.role, token: red.token, api: httpClient(server.url, red.token) };
      }),
    );
    members.push(...batch);
  }
  const channel = await admin.api.conversations.resolveChannel.mutate({ wid: '34600000001', name: 'Sales line' });
  let phone = 34_611_000_000;
  const conversation = async (title: string) => {
    const out = await admin.api.conversations.resolve.mutate({ channelId: channel.id, title, jid: `${phone++}@c.us` });
    if (out.ambiguous) throw new Error(`conversation ${title} resolved ambiguous`);
    return out.conversation.id;
  };
  return { admin, members, channelId: channel.id, conversation };
}

interface Response {
  conversation: { ownerId: string | null; version: number };
  eventId: number | null;
  changed?: boolean;
  token?: number;
  expiresAt?: number;
  slipped?: boolean;
}

function okOutcome(res: Response): OkOutcome {
  const out: OkOutcome = { ok: true, owner: res.conversation.ownerId, version: res.conversation.version, eventId: res.eventId };
  if (res.changed !== undefined) out.changed = res.changed;
  if (res.token !== undefined) out.token = res.token;
  if (res.expiresAt !== undefined) out.expiresAt = res.expiresAt;
  if (res.slipped !== undefined) out.slipped = res.slipped;
  return out;
}

function errOutcome(err: unknown): ErrOutcome {
  if (err instanceof TRPCClientError && err.data?.code) {
    const details = (err.data.details ?? {}) as { reason?: string; ownerId?: string | null; holderId?: string | null };
    return {
      ok: false,
      code: String(err.data.code),
      reason: details.reason ?? null,
      ownerId: details.ownerId ?? null,
      holderId: details.holderId ?? null,
      message: err.message,
    };
  }
  // No tRPC answer: the request may or may not have been applied, so it acknowledges nothing.
  return { ok: false, code: 'NETWORK', message: String((err as Error)?.message ?? err) };
}

/** Records every operation: who, what, when it was sent and answered, and what the answer said. */
export class Recorder {
  readonly history: OpRecord[] = [];
  private seq = 0;

  async run(client: string, member: Member, op: OpName, conversationId: string, input: Record<string, unknown>): Promise<OpRecord> {
    const seq = this.seq++;
    const start = Date.now();
    let outcome: OkOutcome | ErrOutcome;
    try {
      outcome = okOutcome((await call(member.api, op, { conversationId, ...input })) as Response);
    } catch (err) {
      outcome = errOutcome(err);
    }
    const rec: OpRecord = { seq, client, memberId: member.id, op, conversationId, input, start, end: Date.now(), outcome };
    this.history.push(rec);
    return rec;
  }
}

function call(api: Api, op: OpName, input: Record<string, unknown> & { conversationId: string }): Promise<unknown> {
  const i = input as never;
  switch (op) {
    case 'claim':
      return api.assignment.claim.mutate(i);
    case 'release':
      return api.assignment.release.mutate(i);
    case 'handoff':
      return api.assignment.handoff.mutate(i);
    case 'takeOver':
      return api.assignment.takeOver.mutate(i);
    case 'lockAcquire':
      return api.locks.acquire.mutate(i);
    case 'lockRenew':
      return api.locks.renew.mutate(i);
    case 'lockRelease':
      return api.locks.release.mutate(i);
    case 'send':
      return api.observations.send.mutate(i);
    case 'note':
      return api.notes.add.mutate(i);
    case 'status':
      return api.status.set.mutate(i);
  }
}

export interface StoreDump {
  events: LoggedEvent[];
  conversations: (FinalState & { status: string; version: number })[];
  lastEventId: number;
  noteIds: Set<string>;
}

/** Where a race runs: the DATABASE_URL every instance is given, how to read it back afterwards, how to remove it. */
export interface RaceDatabase {
  url: string;
  read(): StoreDump | Promise<StoreDump>;
  cleanup(): void | Promise<void>;
}

/** The default: a fresh SQLite file in a temp directory. */
export function sqliteDatabase(name: string): RaceDatabase {
  const dbFile = tempDbPath(name);
  return { url: dbFile, read: () => readStore(dbFile), cleanup: () => fs.rmSync(path.dirname(dbFile), { recursive: true, force: true }) };
}

/** The whole event log and the stored conversations, read from the SQLite file once the server has stopped. */
export function readStore(dbFile: string): StoreDump {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const events = (db.prepare('select id, type, conversation_id, actor_id, at, data from events order by id').all() as Omit<EventTable, 'workspace_id'>[]).map(
      (r) => ({
        id: Number(r.id),
        type: r.type,
        conversationId: r.conversation_id,
        actorId: r.actor_id,
        at: Number(r.at),
        data: JSON.parse(r.data) as Record<string, unknown>,
      }),
    );
    const conversations = (
      db.prepare('select id, owner_id, fence, status, version from conversations').all() as {
        id: string;
        owner_id: string | null;
        fence: number;
        status: string;
        version: number;
      }[]
    ).map((r) => ({
      conversationId: r.id,
      ownerId: r.owner_id,
      fence: Number(r.fence),
      status: r.status,
      version: Number(r.version),
    }));
    const { last_event_id } = db.prepare('select last_event_id from workspaces').get() as { last_event_id: number };
    const noteIds = new Set((db.prepare('select id from notes').all() as { id: string }[]).map((r) => r.id));
    return { events, conversations, lastEventId: Number(last_event_id), noteIds };
  } finally {
    db.close();
  }
}

export interface RaceOptions {
  unsafe: boolean;
  /** Default: a temp SQLite file (one instance only: SQLite is one process's file). */
  database?: RaceDatabase;
  /** Server instances sharing the database; load clients are spread over them round-robin. Default 1. */
  instances?: number;
  /** Concurrent load clients, each with its own member; the first `managers` of them are managers. */
  clients?: number;
  managers?: number;
  opsPerClient?: number;
  hotConversations?: number;
  /** Fresh unowned conversations that every client claims at the same instant. */
  claimStorms?: number;
  lockTtlMs?: number;
  loadMs?: number;
  seed?: number;
}

/** Conversations of the scripted paused-writer scenarios, by scenario. */
export interface Scripted {
  unowned: string;
  takenOver: string;
  released: string;
  expired: string;
  happy: string;
}

export interface RaceResult {
  history: OpRecord[];
  events: LoggedEvent[];
  finalStates: FinalState[];
  hot: string[];
  storms: string[];
  scripted: Scripted;
  lockTtlMs: number;
  instances: number;
  /** Which instance (0-based) each member's requests went to. */
  memberInstance: Record<string, number>;
  timings: { spawnMs: number; setupMs: number; loadMs: number; totalMs: number };
}

/** One rep doing everything right on a quiet server, so each kind of accepted write provably happens at least once. */
async function scriptedHappyPath(rec: Recorder, conv: string, me: Member, next: Member) {
  await rec.run('script-0:H', me, 'claim', conv, {});
  // Retried because a renewal legitimately fails if the machine stalls this request past the TTL.
  for (let attempt = 0; attempt < 5; attempt++) {
    const acq = await rec.run('script-0:H', me, 'lockAcquire', conv, {});
    const token = acq.outcome.ok ? acq.outcome.token : undefined;
    const renew = await rec.run('script-0:H', me, 'lockRenew', conv, { token });
    const release = await rec.run('script-0:H', me, 'lockRelease', conv, { token });
    if (renew.outcome.ok && release.outcome.ok && release.outcome.eventId !== null) break;
  }
  const acq = await rec.run('script-0:H', me, 'lockAcquire', conv, {});
  await rec.run('script-0:H', me, 'send', conv, {
    token: acq.outcome.ok ? acq.outcome.token : undefined,
    at: Date.now(),
    messageId: 'happy-path',
    idempotencyKey: 'happy-path-send',
  });
  await rec.run('script-0:H', me, 'handoff', conv, { memberId: next.id, note: 'Quote sent; follow up on Friday' });
}

/** A client that acquired, was paused past the TTL, and comes back with its old token after someone else got a newer one. */
async function scriptedStaleWriters(rec: Recorder, ttl: number, convs: Scripted, p: Member[], m: Member) {
  const { unowned, takenOver, released, expired } = convs;
  const pause = () => sleep(Math.round(ttl * 1.6));
  const staleWrites = async (client: string, who: Member, conv: string, token: unknown) => {
    await rec.run(client, who, 'lockRenew', conv, { token });
    await rec.run(client, who, 'send', conv, { token, at: Date.now(), messageId: `stale-${conv}`, idempotencyKey: `stale-send-${conv}` });
    await rec.run(client, who, 'lockRelease', conv, { token });
  };
  const tokenOf = (r: OpRecord) => (r.outcome.ok ? r.outcome.token : undefined);

  // Nobody owns the chat: the lease alone decides, and it ran out while P was paused.
  const s1 = async () => {
    const a = await rec.run('script-1:P', p[0], 'lockAcquire', unowned, {});
    await pause();
    await rec.run('script-1:Q', p[1], 'lockAcquire', unowned, {});
    await staleWrites('script-1:P', p[0], unowned, tokenOf(a));
  };
  // P owns and types, is paused; a manager takes over and starts typing.
  const s2 = async () => {
    await rec.run('script-2:P', p[2], 'claim', takenOver, {});
    const a = await rec.run('script-2:P', p[2], 'lockAcquire', takenOver, {});
    await pause();
    await rec.run('script-2:M', m, 'takeOver', takenOver, { reason: 'customer waiting, rep idle' });
    await rec.run('script-2:M', m, 'lockAcquire', takenOver, {});
    await staleWrites('script-2:P', p[2], takenOver, tokenOf(a));
  };
  // P releases the chat back to the queue mid-typing and is paused; Q claims it and types.
  const s3 = async () => {
    await rec.run('script-3:P', p[3], 'claim', released, {});
    const a = await rec.run('script-3:P', p[3], 'lockAcquire', released, {});
    await rec.run('script-3:P', p[3], 'release', released, {});
    await pause();
    await rec.run('script-3:Q', p[4], 'claim', released, {});
    await rec.run('script-3:Q', p[4], 'lockAcquire', released, {});
    await staleWrites('script-3:P', p[3], released, tokenOf(a));
  };
  // Nobody took a newer token: the renewal is refused because the lease ran out, but the late send report still fences correctly.
  const s4 = async () => {
    await rec.run('script-4:P', p[5], 'claim', expired, {});
    const a = await rec.run('script-4:P', p[5], 'lockAcquire', expired, {});
    await pause();
    await rec.run('script-4:P', p[5], 'lockRenew', expired, { token: tokenOf(a) });
    await rec.run('script-4:P', p[5], 'send', expired, {
      token: tokenOf(a),
      at: Date.now(),
      messageId: 'late-but-current',
      idempotencyKey: 'late-send-script-4',
    });
  };
  await Promise.all([s1(), s2(), s3(), s4()]);
}

/** One load client: composer-guard style typing sessions plus ownership moves, with tokens it keeps (and reuses when stale). */
async function loadClient(
  rec: Recorder,
  name: string,
  me: Member,
  everyone: Member[],
  hot: string[],
  opts: { ops: number; deadline: number; ttl: number; seed: number },
) {
  const r = rng(opts.seed);
  const tokens = new Map<string, number[]>();
  const mine = new Set<string>();
  let ops = 0;
  const left = () => ops < opts.ops && Date.now() < opts.deadline;
  const run = async (op: OpName, conv: string, input: Record<string, unknown> = {}) => {
    ops++;
    const out = await rec.run(name, me, op, conv, input);
    if (out.outcome.ok) {
      if (out.outcome.owner === me.id) mine.add(conv);
      else mine.delete(conv);
      if (op === 'lockAcquire' && out.outcome.token !== undefined) tokens.set(conv, [...(tokens.get(conv) ?? []), out.outcome.token]);
    } else if (out.outcome.ownerId && out.outcome.ownerId !== me.id) mine.delete(conv);
    return out;
  };
  const pickConv = () => (mine.size && r.next() < 0.6 ? r.pick([...mine]) : r.pick(hot));
  const manager = me.role !== 'agent';

  while (left()) {
    const conv = pickConv();
    const dice = r.next();
    if (dice < 0.45) {
      // The composer guard: claim when needed, take the lease, (maybe stall past the TTL), renew, then send or give up.
      if (!mine.has(conv) && !(await run('claim', conv)).outcome.ok) continue;
      const acq = await run('lockAcquire', conv);
      if (!acq.outcome.ok || !left()) continue;
      const token = acq.outcome.token;
      await sleep(r.next() < 0.2 ? Math.round(opts.ttl * 1.5) : r.int(0, Math.round(opts.ttl / 4)));
      await run('lockRenew', conv, { token });
      if (!left()) continue;
      if (r.next() < 0.7) await run('send', conv, { token, at: Date.now(), messageId: `${name}-${ops}`, idempotencyKey: `${name}-send-${ops}-${opts.seed}` });
      else await run('lockRelease', conv, { token });
    } else if (dice < 0.6) {
      await run('release', conv);
    } else if (dice < 0.72) {
      const to = r.pick(everyone.filter((x) => x.id !== me.id));
      await run('handoff', conv, { memberId: to.id, note: `${name} passes this on: customer wants a callback` });
    } else if (dice < 0.8) {
      await run(manager ? 'takeOver' : 'claim', conv, manager ? { reason: `${name} takes over: SLA at risk` } : {});
    } else if (dice < 0.92) {
      // A tab that slept and woke: it writes with the oldest token it ever got for this chat.
      const old = tokens.get(conv)?.[0];
      if (old === undefined) await run('lockAcquire', conv);
      else if (r.next() < 0.5) await run('lockRenew', conv, { token: old });
      else await run('send', conv, { token: old, at: Date.now(), idempotencyKey: `${name}-late-${ops}-${opts.seed}` });
    } else {
      await run('lockAcquire', conv);
    }
    await sleep(r.int(0, 15));
  }
}

/** Spawns the server instance(s), sets up a workspace over HTTP, races the clients, stops the servers and reads the log. */
export async function runRace(opts: RaceOptions): Promise<RaceResult> {
  const clients = opts.clients ?? 50;
  const managers = opts.managers ?? 5;
  const ttl = opts.lockTtlMs ?? 400;
  const seed = opts.seed ?? 20_261_125;
  const instances = opts.instances ?? 1;
  const t0 = Date.now();
  const database = opts.database ?? sqliteDatabase(opts.unsafe ? 'race-unsafe' : 'race-safe');
  const servers: SpawnedServer[] = [];
  try {
    // One after the other: the first start on an empty database creates the workspace, the others find it.
    for (let i = 0; i < instances; i++) servers.push(await startServer({ dbFile: database.url, lockTtlMs: ttl, unsafe: opts.unsafe }));
    const spawnMs = Date.now() - t0;
    const people = [
      ...Array.from({ length: clients }, (_, i) => ({
        name: `${i < managers ? 'Manager' : 'Agent'} ${String(i + 1).padStart(2, '0')}`,
        role: (i < managers ? 'manager' : 'agent') as Role,
      })),
      ...Array.from({ length: 8 }, (_, i) => ({ name: `Script Agent ${i + 1}`, role: 'agent' as Role })),
      { name: 'Script Manager', role: 'manager' as Role },
    ];
    const ws = await bootstrapWorkspace(servers[0], people);
    // Round-robin over the instances, in member order: load clients first, then the scripted ones.
    const memberInstance: Record<string, number> = {};
    const spread = ws.members.map((m, i) => {
      memberInstance[m.id] = i % instances;
      return instances === 1 ? m : onServer(m, servers[i % instances]);
    });
    const loaders = spread.slice(0, clients);
    const scriptAgents = spread.slice(clients, clients + 8);
    const scriptManager = spread[clients + 8];
    const hot: string[] = [];
    for (let i = 0; i < (opts.hotConversations ?? 4); i++) hot.push(await ws.conversation(`Hot chat ${i + 1}`));
    const storms: string[] = [];
    for (let i = 0; i < (opts.claimStorms ?? 3); i++) storms.push(await ws.conversation(`Storm chat ${i + 1}`));
    const scripted: Scripted = {
      unowned: await ws.conversation('Script unowned'),
      takenOver: await ws.conversation('Script takeover'),
      released: await ws.conversation('Script released'),
      expired: await ws.conversation('Script expired'),
      happy: await ws.conversation('Script happy path'),
    };
    const setupMs = Date.now() - t0;

    const rec = new Recorder();
    await scriptedHappyPath(rec, scripted.happy, scriptAgents[6], scriptAgents[7]);
    const tLoad = Date.now();
    const deadline = tLoad + (opts.loadMs ?? 8_000);
    const script = scriptedStaleWriters(rec, ttl, scripted, scriptAgents, scriptManager);
    // Every client claims the same fresh chat at once: exactly one may win.
    for (const conv of storms) await Promise.all(loaders.map((m, i) => rec.run(`client-${i + 1}`, m, 'claim', conv, {})));
    await Promise.all(
      loaders.map((m, i) => loadClient(rec, `client-${i + 1}`, m, spread, hot, { ops: opts.opsPerClient ?? 20, deadline, ttl, seed: seed + i })),
    );
    await script;
    const loadMs = Date.now() - tLoad;

    for (const server of servers) await server.kill('SIGTERM');
    const { events, conversations } = await database.read();
    return {
      history: rec.history,
      events,
      finalStates: conversations.map(({ conversationId, ownerId, fence }) => ({ conversationId, ownerId, fence })),
      hot,
      storms,
      scripted,
      lockTtlMs: ttl,
      instances,
      memberInstance,
      timings: { spawnMs, setupMs, loadMs, totalMs: Date.now() - t0 },
    };
  } finally {
    for (const server of servers) await server.kill('SIGKILL');
    await database.cleanup();
  }
}
