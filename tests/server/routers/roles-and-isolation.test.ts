import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import { contextFactory, createContextInner } from '../../../server/context';
import { appRouter } from '../../../server/routers/_app';
import { createCallerFactory } from '../../../server/trpc';
import type { Actor } from '../../../server/services/deps';
import type { EventView } from '../../../utils/schemas/events';
import { createWorld } from '../support/harness';
import { refusal } from '../support/refusal';

type World = Awaited<ReturnType<typeof createWorld>>;
type Caller = ReturnType<World['callerFor']>;
let world: World;
beforeEach(async () => {
  world = await createWorld();
});
afterEach(() => world.close());

const createCaller = createCallerFactory(appRouter);
const PUBLIC_PROCEDURES = ['auth.redeemInvite', 'events.ping'];

/** Calls a procedure by its dotted path, the way the HTTP adapter resolves it. */
function call(caller: Caller, path: string, input: unknown): Promise<unknown> {
  const [ns, name] = path.split('.');
  const fn = (caller as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>)[ns][name];
  return fn(input);
}

/** A caller that authenticates a bearer token on every call, through the real HTTP context factory. */
function callerWithToken(token: string): Caller {
  const req = { headers: { authorization: `Bearer ${token}` }, socket: { remoteAddress: '127.0.0.1' } };
  return createCaller(() => contextFactory(world.deps, world.hub)({ req, res: {}, info: { connectionParams: null } } as never));
}

/** Consumes a feed until `stop` matches (inclusive) or the time runs out, then aborts it. */
async function readFeed(actor: Actor, stop: (e: EventView) => boolean, opts: { timeoutMs?: number } = {}) {
  const ac = new AbortController();
  const caller = createCaller(createContextInner(world.deps, world.hub, actor), { signal: ac.signal });
  const iterable = (await caller.events.feed({ lastEventId: 0 })) as AsyncIterable<[string, EventView, unknown]>;
  const seen: EventView[] = [];
  const timer = setTimeout(() => ac.abort(), opts.timeoutMs ?? 2_000);
  try {
    for await (const [, event] of iterable) {
      seen.push(event);
      if (stop(event)) break;
    }
  } finally {
    clearTimeout(timer);
    ac.abort();
  }
  return { seen, timedOut: !seen.some(stop) };
}

async function setup() {
  const ws = await world.workspace('Alpha Team');
  const ana = await ws.member('Ana Alpha');
  const bo = await ws.member('Bo Alpha');
  const mia = await ws.member('Mia Manager', 'manager');
  const conv = await ws.conversation('Alpha Customer', '34611111111@c.us');
  return { ws, ana, bo, mia, conv };
}

describe('unauthenticated callers', () => {
  it('every procedure except the public ones refuses without a member token', async () => {
    const { ws, ana, conv } = await setup();
    const inputs: Record<string, unknown> = {
      'auth.me': undefined,
      'members.list': undefined,
      'members.invite': { name: 'Intruder', role: 'admin' },
      'members.revoke': { memberId: ana.id },
      'members.update': { memberId: ana.id, capacity: 1 },
      'members.setAvailability': { availability: 'away' },
      'members.heartbeat': { connectionId: 'conn-00001' },
      'members.reportAdapterHealth': { checkedAt: '2026-11-25T09:00:00Z', missing: [], hooks: [] },
      'conversations.resolveChannel': { wid: '34600000009' },
      'conversations.resolve': { channelId: ws.channelId, title: 'New' },
      'conversations.get': { conversationId: conv.id },
      'conversations.list': {},
      'conversations.context': { conversationId: conv.id },
      'assignment.claim': { conversationId: conv.id },
      'assignment.assign': { conversationId: conv.id, memberId: ana.id },
      'assignment.release': { conversationId: conv.id },
      'assignment.handoff': { conversationId: conv.id, memberId: ana.id, note: 'n' },
      'assignment.takeOver': { conversationId: conv.id, reason: 'r' },
      'assignment.requestHandoff': { conversationId: conv.id },
      'assignment.answerHandoff': { conversationId: conv.id, requestedBy: ana.id, accept: true },
      'locks.acquire': { conversationId: conv.id },
      'locks.renew': { conversationId: conv.id, token: 1 },
      'locks.release': { conversationId: conv.id, token: 1 },
      'status.set': { conversationId: conv.id, status: 'pending' },
      'status.setPriority': { conversationId: conv.id, priority: 'high' },
      'status.setLabels': { conversationId: conv.id, labels: ['x'] },
      'status.setQueue': { conversationId: conv.id, queue: 'support' },
      'notes.add': { conversationId: conv.id, body: 'hi' },
      'observations.message': { conversationId: conv.id, direction: 'in', at: 1, messageId: 'm1' },
      'observations.listActivity': { chat: { channelId: conv.channelId, title: 'Row' }, direction: 'in', at: 1, unread: 1, backfill: false, seenAt: 1 },
      'observations.send': { conversationId: conv.id, token: 1, at: 1, idempotencyKey: 'send-00001' },
      'observations.held': { conversationId: conv.id, reason: 'bot', idempotencyKey: 'held-00001' },
      'observations.override': { conversationId: conv.id, reason: 'r', at: 1, idempotencyKey: 'ovr-000001' },
      'observations.unguarded': { conversationId: conv.id, at: 1, messageId: 'u1', path: '#main footer button' },
      'events.feed': { lastEventId: 0 },
      'events.head': undefined,
      'routing.getQueues': undefined,
      'routing.setQueue': { queue: 'support', mode: 'round-robin' },
      'routing.setHandoffRule': { handoffNoteRequired: false },
      'routing.drain': { limit: 10 },
      'automation.flowHistory': { conversationId: conv.id },
      'automation.linkLead': { conversationId: conv.id, jid: '34622222222@c.us' },
      'automation.takeOverFromBot': { conversationId: conv.id, reason: 'r' },
      'sla.getPolicies': undefined,
      'sla.setPolicy': { queue: 'support', policy: { firstResponseMs: 60_000, warnAtFraction: 0.8, mode: { kind: 'wall' } } },
      'sla.clocks': { conversationIds: [conv.id] },
      'metrics.summary': { from: 0, to: 86_400_000 },
      'metrics.coverage': undefined,
      'metrics.report': { from: 0, to: 86_400_000 },
      'metrics.coverageChats': { kind: 'open' },
      'metrics.trend': { days: 7 },
      'members.rename': { name: 'Intruder' },
      'settings.rules': undefined,
      'settings.team': undefined,
      'settings.createQueue': { name: 'billing' },
      'settings.renameQueue': { queue: 'support', to: 'help' },
      'settings.archiveQueue': { queue: 'post-sale', archived: true },
      'settings.setDefaultQueue': { queue: 'pre-sales' },
      'settings.setRules': { agentsCanTakeOver: true },
      'settings.rotateWebhookSecret': { graceHours: 0 },
    };
    // Convention: a new procedure must be added here (or to the public list) or this test fails.
    expect(Object.keys(inputs).sort()).toEqual(
      Object.keys(appRouter._def.procedures)
        .filter((p) => !PUBLIC_PROCEDURES.includes(p))
        .sort(),
    );
    const lastEventId = async () =>
      (await world.store.db.selectFrom('workspaces').select('last_event_id').where('id', '=', ws.id).executeTakeFirstOrThrow()).last_event_id;
    const before = await lastEventId();
    for (const caller of [world.anonymous, callerWithToken('not-a-real-token'), callerWithToken('x'.repeat(500))]) {
      for (const [path, input] of Object.entries(inputs)) {
        const err = await refusal(call(caller, path, input));
        expect({ path, code: err.code }).toEqual({ path, code: 'UNAUTHORIZED' });
        expect(err.message).toContain('sign in');
      }
    }
    expect(await lastEventId()).toBe(before);
  });

  it('the public procedures really are public', async () => {
    expect(await world.anonymous.events.ping()).toBe('pong');
    const ws = await world.workspace();
    const { code } = await ws.admin.api.members.invite({ name: 'Newbie', role: 'agent' });
    const out = await world.anonymous.auth.redeemInvite({ code });
    expect(out.token.length).toBeGreaterThan(20);
  });
});

describe('role refusals', () => {
  it.each([
    ['agent', 'members.invite', () => ({ name: 'Eve', role: 'agent' })],
    ['agent', 'members.revoke', (o: Ctx) => ({ memberId: o.bo.id })],
    ['agent', 'members.update', (o: Ctx) => ({ memberId: o.bo.id, capacity: 1 })],
    ['agent', 'members.update', (o: Ctx) => ({ memberId: o.ana.id, queues: ['support'] })],
    ['manager', 'members.invite', () => ({ name: 'Eve', role: 'agent' })],
    ['manager', 'members.revoke', (o: Ctx) => ({ memberId: o.bo.id })],
    ['manager', 'members.update', (o: Ctx) => ({ memberId: o.bo.id, role: 'admin' })],
    ['manager', 'members.update', (o: Ctx) => ({ memberId: o.mia.id, role: 'admin', capacity: 3 })],
  ] as const)('%s is refused %s', async (role, path, input) => {
    const o = await setup();
    const caller = role === 'agent' ? o.ana.api : o.mia.api;
    const before = await world.store.db.selectFrom('members').selectAll().orderBy('id').execute();
    const err = await refusal(call(caller, path, input(o)));
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).toMatch(/only (admins|managers and admins)/);
    // A refused role change must not apply its other fields either.
    expect(await world.store.db.selectFrom('members').selectAll().orderBy('id').execute()).toEqual(before);
  });

  it('the same changes pass for the roles allowed to make them', async () => {
    const o = await setup();
    await expect(o.mia.api.members.update({ memberId: o.bo.id, capacity: 3 })).resolves.toMatchObject({ updated: true });
    await expect(o.ws.admin.api.members.update({ memberId: o.bo.id, role: 'manager' })).resolves.toMatchObject({ updated: true });
    const bo = (await o.ana.api.members.list()).find((m) => m.id === o.bo.id);
    expect(bo).toMatchObject({ capacity: 3, role: 'manager' });
    await expect(o.ana.api.members.setAvailability({ availability: 'away' })).resolves.toMatchObject({ updated: true });
  });

  /** Every row of every table, for "a refusal changed nothing anywhere" (settings, policies, cursors, events). */
  async function everything() {
    const { rows } = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`.execute(
      world.store.db,
    );
    const out: Record<string, unknown[]> = {};
    for (const { name } of rows) out[name] = (await sql`SELECT * FROM ${sql.table(name)} ORDER BY rowid`.execute(world.store.db)).rows;
    return out;
  }

  // Manager-only procedures (managerProcedure) of the routing, SLA, metrics and settings routers; the rest are in tests/server/settings.
  const MANAGER_ONLY: Array<[string, (o: Ctx) => unknown]> = [
    ['routing.setQueue', () => ({ queue: 'support', mode: 'round-robin', sticky: true })],
    ['routing.setHandoffRule', () => ({ handoffNoteRequired: false })],
    ['routing.drain', () => ({ limit: 10 })],
    ['sla.getPolicies', () => undefined],
    ['sla.setPolicy', () => ({ queue: 'support', policy: { firstResponseMs: 60_000, warnAtFraction: 0.8, mode: { kind: 'wall' } } })],
    ['metrics.summary', (o) => ({ from: 0, to: 86_400_000, memberId: o.ana.id })],
    ['metrics.coverage', () => undefined],
    ['metrics.report', () => ({ from: 0, to: 86_400_000 })],
    ['metrics.coverageChats', (o) => ({ kind: 'load', memberId: o.ana.id })],
    ['metrics.trend', () => ({ days: 7 })],
    ['settings.team', () => undefined],
    ['settings.createQueue', () => ({ name: `queue ${Math.random().toString(36).slice(2, 8)}` })],
    ['settings.setDefaultQueue', () => ({ queue: 'support' })],
    ['settings.setRules', () => ({ agentsCanTakeOver: false })],
  ];

  it.each(MANAGER_ONLY)('agent is refused %s, and nothing changes', async (path, input) => {
    const o = await setup();
    await o.ana.api.observations.message({ conversationId: o.conv.id, direction: 'in', at: Date.now(), messageId: 'waiting-1' });
    const before = await everything();
    const err = await refusal(call(o.ana.api, path, input(o)));
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).toMatch(/only managers and admins/);
    expect(await everything()).toEqual(before);
  });

  it('managers and admins may call the manager-only procedures; agents the member ones of the new routers', async () => {
    const o = await setup();
    for (const api of [o.mia.api, o.ws.admin.api]) {
      for (const [path, input] of MANAGER_ONLY) await expect(call(api, path, input(o))).resolves.toBeDefined();
    }
    expect((await o.ws.admin.api.sla.getPolicies()).map((p) => p.queue)).toEqual(['support']);
    expect(await o.ana.api.routing.getQueues()).toMatchObject({ handoffNoteRequired: false });
    expect((await o.ana.api.routing.getQueues()).queues.find((q) => q.name === 'support')).toMatchObject({ mode: 'round-robin', sticky: true });
    expect((await o.ana.api.sla.clocks({ conversationIds: [o.conv.id] })).map((c) => c.conversationId)).toEqual([o.conv.id]);
    expect(await o.ana.api.automation.flowHistory({ conversationId: o.conv.id })).toMatchObject({ steps: [], summary: null });
    const lead = await o.ws.conversation('Alpha Lead', '34622222222@c.us');
    await expect(o.ana.api.automation.linkLead({ conversationId: o.conv.id, jid: '34622222222@c.us' })).resolves.toMatchObject({
      linked: true,
      leadId: lead.id,
    });
    await world.store.db.updateTable('conversations').set({ status: 'bot' }).where('id', '=', o.conv.id).execute();
    await expect(o.ana.api.automation.takeOverFromBot({ conversationId: o.conv.id, reason: 'customer asked for a person' })).resolves.toMatchObject({
      conversation: { status: 'open', ownerId: o.ana.id },
    });
  });

  it("a revoked member's token stops working on the very next call", async () => {
    const o = await setup();
    const inv = await o.ws.admin.api.members.invite({ name: 'Rex Revoked', role: 'agent' });
    const { token, member } = await world.anonymous.auth.redeemInvite({ code: inv.code });
    const rex = callerWithToken(token);
    expect((await rex.auth.me()).member.id).toBe(member.id);
    await rex.assignment.claim({ conversationId: o.conv.id });
    await o.ws.admin.api.members.revoke({ memberId: member.id });
    for (const attempt of [() => rex.auth.me(), () => rex.assignment.release({ conversationId: o.conv.id }), () => rex.conversations.list({})]) {
      expect((await refusal(attempt())).code).toBe('UNAUTHORIZED');
    }
    expect((await o.ws.admin.api.members.list()).map((m) => m.id)).not.toContain(member.id);
    // Revoking twice is a clear NOT_FOUND, and a revoked member cannot be assigned work.
    expect((await refusal(o.ws.admin.api.members.revoke({ memberId: member.id }))).code).toBe('NOT_FOUND');
    expect((await refusal(o.mia.api.assignment.assign({ conversationId: o.conv.id, memberId: member.id }))).code).toBe('BAD_REQUEST');
  });

  it("a revoked member's open live feed ends instead of streaming later events", async () => {
    const o = await setup();
    const ac = new AbortController();
    const feed = (await createCaller(createContextInner(world.deps, world.hub, o.bo.actor), { signal: ac.signal }).events.feed({
      lastEventId: 0,
    })) as AsyncIterable<[string, EventView, unknown]>;
    const timer = setTimeout(() => ac.abort(), 2_000);
    const seen: EventView[] = [];
    const reading = (async () => {
      try {
        for await (const [, e] of feed) seen.push(e);
        return 'ended';
      } catch (err) {
        return err instanceof TRPCError ? err.code : String(err);
      }
    })();
    await o.ws.admin.api.members.revoke({ memberId: o.bo.id });
    await o.ana.api.notes.add({ conversationId: o.conv.id, body: 'after the revocation' });
    const outcome = await reading;
    clearTimeout(timer);
    expect(ac.signal.aborted).toBe(false);
    expect(outcome).toBe('UNAUTHORIZED');
    expect(seen.some((e) => e.type === 'note.added')).toBe(false);
  });

  it('an invite code works once', async () => {
    const o = await setup();
    const inv = await o.ws.admin.api.members.invite({ name: 'Once Only', role: 'agent' });
    await world.anonymous.auth.redeemInvite({ code: inv.code });
    const err = await refusal(world.anonymous.auth.redeemInvite({ code: inv.code, name: 'Someone Else' }));
    expect(err.code).toBe('UNAUTHORIZED');
    expect(err.message).toMatch(/already used/);
    const member = (await o.ws.admin.api.members.list()).find((m) => m.id === inv.memberId);
    expect(member?.name).toBe('Once Only');
  });
});

type Ctx = Awaited<ReturnType<typeof setup>>;

describe('a second workspace sees nothing of the first', () => {
  async function twoWorkspaces() {
    const a = await setup();
    const wsB = await world.workspace('Beta Team');
    const bea = await wsB.member('Bea Beta');
    const max = await wsB.member('Max Beta', 'manager');
    const convB = await wsB.conversation('Beta Customer', '34699999999@c.us');
    return { a, b: { ws: wsB, bea, max, conv: convB } };
  }

  it('every conversation procedure on the other workspace’s chat is NOT_FOUND, exactly like a made-up id', async () => {
    const { a, b } = await twoWorkspaces();
    await a.ana.api.assignment.claim({ conversationId: a.conv.id });
    const lock = await a.ana.api.locks.acquire({ conversationId: a.conv.id });
    const probes: Array<[string, (id: string) => unknown]> = [
      ['conversations.get', (id) => ({ conversationId: id })],
      ['conversations.context', (id) => ({ conversationId: id })],
      ['assignment.claim', (id) => ({ conversationId: id })],
      ['assignment.assign', (id) => ({ conversationId: id, memberId: b.bea.id })],
      ['assignment.release', (id) => ({ conversationId: id })],
      ['assignment.handoff', (id) => ({ conversationId: id, memberId: b.bea.id, note: 'mine' })],
      ['assignment.takeOver', (id) => ({ conversationId: id, reason: 'mine' })],
      ['assignment.requestHandoff', (id) => ({ conversationId: id, note: 'mine' })],
      ['assignment.answerHandoff', (id) => ({ conversationId: id, requestedBy: b.bea.id, accept: true })],
      ['locks.acquire', (id) => ({ conversationId: id })],
      ['locks.renew', (id) => ({ conversationId: id, token: lock.token })],
      ['locks.release', (id) => ({ conversationId: id, token: lock.token })],
      ['notes.add', (id) => ({ conversationId: id, body: 'peek' })],
      ['status.set', (id) => ({ conversationId: id, status: 'resolved', reason: 'x' })],
      ['status.setPriority', (id) => ({ conversationId: id, priority: 'urgent' })],
      ['status.setLabels', (id) => ({ conversationId: id, labels: ['stolen'] })],
      ['status.setQueue', (id) => ({ conversationId: id, queue: 'escalation' })],
      ['observations.message', (id) => ({ conversationId: id, direction: 'in', at: 1, messageId: 'x1' })],
      ['observations.send', (id) => ({ conversationId: id, token: lock.token, at: 1, idempotencyKey: `send-${id}` })],
      ['observations.held', (id) => ({ conversationId: id, reason: 'owned-by-other', idempotencyKey: `held-${id}` })],
      ['observations.override', (id) => ({ conversationId: id, reason: 'r', at: 1, idempotencyKey: `ovr-${id}` })],
      ['observations.unguarded', (id) => ({ conversationId: id, at: 1, messageId: `u-${id}`, path: 'dialog' })],
      ['automation.flowHistory', (id) => ({ conversationId: id })],
      ['automation.linkLead', (id) => ({ conversationId: id, jid: '34699999999@c.us' })],
      ['automation.takeOverFromBot', (id) => ({ conversationId: id, reason: 'mine', idempotencyKey: `bot-${id}` })],
    ];
    const before = await a.ana.api.conversations.context({ conversationId: a.conv.id });
    for (const api of [b.bea.api, b.max.api, b.ws.admin.api]) {
      for (const [path, input] of probes) {
        const real = await refusal(call(api, path, input(a.conv.id)));
        const madeUp = await refusal(call(api, path, input('conv_doesnotexist')));
        expect({ path, code: real.code, message: real.message }).toEqual({ path, code: 'NOT_FOUND', message: madeUp.message });
        expect((real.cause as { details?: unknown }).details).toEqual({});
      }
    }
    expect(await a.ana.api.conversations.context({ conversationId: a.conv.id })).toEqual(before);
  });

  it("SLA clocks of the other workspace's chats come back empty, exactly like a made-up id", async () => {
    const { a, b } = await twoWorkspaces();
    await a.bo.api.observations.message({ conversationId: a.conv.id, direction: 'in', at: Date.now(), messageId: 'alpha-in' });
    expect((await a.ana.api.sla.clocks({ conversationIds: [a.conv.id] })).map((c) => c.conversationId)).toEqual([a.conv.id]);
    for (const api of [b.bea.api, b.max.api, b.ws.admin.api]) {
      expect(await api.sla.clocks({ conversationIds: [a.conv.id] })).toEqual(await api.sla.clocks({ conversationIds: ['conv_doesnotexist'] }));
      expect(await api.sla.clocks({ conversationIds: [a.conv.id] })).toEqual([]);
      expect((await api.sla.clocks({ conversationIds: [a.conv.id, b.conv.id] })).map((c) => c.conversationId)).toEqual([b.conv.id]);
    }
  });

  it("the automation cannot link the other workspace's lead into a chat", async () => {
    const { a, b } = await twoWorkspaces();
    const alphaLead = await a.ws.conversation('Alpha Lead', '34622222222@c.us');
    await world.store.db.updateTable('conversations').set({ phone: '34622222222' }).where('id', '=', alphaLead.id).execute();
    for (const ref of [{ jid: '34622222222@c.us' }, { phone: '34622222222' }, { phone: '+34622222222' }]) {
      const real = await refusal(b.bea.api.automation.linkLead({ conversationId: b.conv.id, ...ref }));
      const madeUp = await refusal(b.bea.api.automation.linkLead({ conversationId: b.conv.id, jid: '34600000077@c.us' }));
      expect({ ref, code: real.code, message: real.message }).toEqual({ ref, code: 'NOT_FOUND', message: madeUp.message });
    }
    expect((await a.ana.api.conversations.get({ conversationId: alphaLead.id })).id).toBe(alphaLead.id);
    expect((await a.ana.api.conversations.list({})).map((c) => c.id)).toContain(alphaLead.id);
    // Positive control: inside its own workspace the same link does work.
    await expect(a.ana.api.automation.linkLead({ conversationId: a.conv.id, jid: '34622222222@c.us' })).resolves.toMatchObject({
      linked: true,
      leadId: alphaLead.id,
    });
  });

  it("routing, SLA policies and metrics are per workspace: the second one neither sees nor changes the first's", async () => {
    const { a, b } = await twoWorkspaces();
    // Alpha: a round-robin support queue, an online agent, and a customer waiting on an unowned chat.
    await a.mia.api.routing.setQueue({ queue: 'support', mode: 'round-robin', ownerResponseTimeoutMs: 60_000 });
    await a.mia.api.sla.setPolicy({ queue: 'support', policy: { firstResponseMs: 60_000, warnAtFraction: 0.5, mode: { kind: 'wall' } } });
    await a.bo.api.members.heartbeat({ connectionId: 'conn-alpha-bo', channelId: a.ws.channelId });
    await a.ana.api.members.setAvailability({ availability: 'away' });
    await a.mia.api.members.setAvailability({ availability: 'away' });
    await a.ws.admin.api.members.setAvailability({ availability: 'away' });
    await a.bo.api.observations.message({ conversationId: a.conv.id, direction: 'in', at: Date.now(), messageId: 'alpha-in' });
    await a.ana.api.notes.add({ conversationId: a.conv.id, body: 'secret Alpha note' });
    const queuesA = await a.mia.api.routing.getQueues();
    const policiesA = await a.mia.api.sla.getPolicies();
    const lastEventIdA = async () =>
      (await world.store.db.selectFrom('workspaces').select('last_event_id').where('id', '=', a.ws.id).executeTakeFirstOrThrow()).last_event_id;
    const eventsA = await lastEventIdA();

    // Beta sees none of it...
    for (const api of [b.bea.api, b.max.api, b.ws.admin.api]) {
      const q = await api.routing.getQueues();
      expect(q.handoffNoteRequired).toBe(true);
      expect(q.queues.find((x) => x.name === 'support')).toMatchObject({ mode: 'manual', ownerResponseTimeoutMs: null, waiting: 0 });
    }
    expect(await b.max.api.sla.getPolicies()).toEqual([]);
    const aIds = [a.ws.id, a.conv.id, a.ana.id, a.bo.id, a.mia.id, a.ws.admin.id, a.ws.channelId];
    const leaks = (v: unknown) => aIds.filter((id) => JSON.stringify(v).includes(id)).concat(/Alpha/.test(JSON.stringify(v)) ? ['Alpha'] : []);
    const coverageB = await b.max.api.metrics.coverage();
    expect(leaks(coverageB)).toEqual([]);
    expect(coverageB.members.map((m) => m.name).sort()).toEqual(['Ada Admin', 'Bea Beta', 'Max Beta']);
    expect(coverageB.byQueue.support?.unattended ?? 0).toBe(0);
    const now = Date.now();
    expect(leaks(await b.max.api.metrics.summary({ from: now - 86_400_000, to: now + 60_000 }))).toEqual([]);
    expect(leaks(await b.max.api.metrics.trend({ days: 7 }))).toEqual([]);
    expect(leaks(await b.max.api.metrics.report({ from: now - 86_400_000, to: now + 60_000 }))).toEqual([]);
    for (const kind of ['open', 'unowned', 'unattended'] as const) expect(leaks(await b.max.api.metrics.coverageChats({ kind }))).toEqual([]);
    const otherLoad = await refusal(b.max.api.metrics.coverageChats({ kind: 'load', memberId: a.bo.id }));
    expect(otherLoad.code).toBe('NOT_FOUND');
    const otherMember = await refusal(b.max.api.metrics.summary({ from: now - 86_400_000, to: now + 60_000, memberId: a.bo.id }));
    const madeUpMember = await refusal(b.max.api.metrics.summary({ from: now - 86_400_000, to: now + 60_000, memberId: 'mem_doesnotexist' }));
    expect({ code: otherMember.code, message: otherMember.message }).toEqual({ code: 'NOT_FOUND', message: madeUpMember.message });

    // ...and changes none of it: its settings, policies and drains stay in Beta.
    await b.max.api.routing.setQueue({ queue: 'support', mode: 'least-loaded', sticky: true, ownerResponseTimeoutMs: null });
    await b.max.api.routing.setHandoffRule({ handoffNoteRequired: false });
    await b.max.api.sla.setPolicy({ queue: 'support', policy: null });
    await b.max.api.sla.setPolicy({ queue: 'escalation', policy: { resolutionMs: 3_600_000, warnAtFraction: 0.9, mode: { kind: 'wall' } } });
    const drainedB = await b.max.api.routing.drain({ limit: 500 });
    expect(drainedB).toEqual({ timedOut: [], assigned: [], waiting: [] });
    expect(leaks(drainedB)).toEqual([]);
    expect(await a.mia.api.routing.getQueues()).toEqual(queuesA);
    expect(await a.mia.api.sla.getPolicies()).toEqual(policiesA);
    expect(await lastEventIdA()).toBe(eventsA);
    expect((await a.ana.api.conversations.get({ conversationId: a.conv.id })).ownerId).toBeNull();
    expect((await b.max.api.sla.getPolicies()).map((p) => p.queue)).toEqual(['escalation']);

    // Positive control: Alpha's own drain does route Alpha's waiting chat to Alpha's online agent.
    const drainedA = await a.mia.api.routing.drain({ limit: 500 });
    expect(drainedA.assigned).toEqual([{ conversationId: a.conv.id, memberId: a.bo.id, via: expect.any(String) }]);
  });

  it('lists, members and channels are per workspace', async () => {
    const { a, b } = await twoWorkspaces();
    await a.ana.api.assignment.claim({ conversationId: a.conv.id });
    expect((await b.bea.api.conversations.list({})).map((c) => c.id)).toEqual([b.conv.id]);
    expect(await b.bea.api.conversations.list({ ownerId: a.ana.id })).toEqual([]);
    expect(await b.bea.api.conversations.list({ channelId: a.ws.channelId })).toEqual([]);
    const namesB = (await b.bea.api.members.list()).map((m) => m.name).sort();
    expect(namesB).toEqual(['Ada Admin', 'Bea Beta', 'Max Beta']);
    expect((await a.ana.api.members.list()).map((m) => m.id)).not.toContain(b.bea.id);
    expect((await b.bea.api.auth.me()).workspace.name).toBe('Beta Team');
    // The same linked number in two workspaces is two channels.
    expect(b.ws.channelId).not.toBe(a.ws.channelId);
    const err = await refusal(b.bea.api.conversations.resolve({ channelId: a.ws.channelId, jid: '34611111111@c.us', title: 'Alpha Customer' }));
    expect(err.code).toBe('NOT_FOUND');
    expect(await world.store.db.selectFrom('conversations').select('id').where('workspace_id', '=', b.ws.id).execute()).toHaveLength(1);
  });

  it('members of another workspace cannot be assigned, handed off to, updated or revoked', async () => {
    const { a, b } = await twoWorkspaces();
    await b.bea.api.assignment.claim({ conversationId: b.conv.id });
    expect((await refusal(b.max.api.assignment.assign({ conversationId: b.conv.id, memberId: a.ana.id }))).code).toBe('BAD_REQUEST');
    expect((await refusal(b.bea.api.assignment.handoff({ conversationId: b.conv.id, memberId: a.ana.id, note: 'over to you' }))).code).toBe('BAD_REQUEST');
    expect((await refusal(b.ws.admin.api.members.update({ memberId: a.ana.id, capacity: 0 }))).code).toBe('NOT_FOUND');
    expect((await refusal(b.ws.admin.api.members.update({ memberId: a.ana.id, role: 'admin' }))).code).toBe('NOT_FOUND');
    expect((await refusal(b.ws.admin.api.members.revoke({ memberId: a.ana.id }))).code).toBe('NOT_FOUND');
    expect((await b.bea.api.conversations.get({ conversationId: b.conv.id })).ownerId).toBe(b.bea.id);
    const ana = (await a.ana.api.members.list()).find((m) => m.id === a.ana.id);
    expect(ana).toMatchObject({ role: 'agent', capacity: 20 });
  });

  it("an idempotency key reused in another workspace does not replay the first workspace's response", async () => {
    const { a, b } = await twoWorkspaces();
    const first = await a.ana.api.assignment.claim({ conversationId: a.conv.id, idempotencyKey: 'outbox-shared-1' });
    const second = await b.bea.api.assignment.claim({ conversationId: b.conv.id, idempotencyKey: 'outbox-shared-1' });
    expect(first.conversation.id).toBe(a.conv.id);
    expect(second.conversation).toMatchObject({ id: b.conv.id, workspaceId: b.ws.id, ownerId: b.bea.id });
  });

  it("workspace B's live feed carries none of workspace A's events", async () => {
    const { a, b } = await twoWorkspaces();
    const marker = (e: EventView) => e.type === 'note.added' && e.data.body === 'B is done';
    // Subscribe first so that the live path (not only the catch-up read) is checked.
    const feedB = readFeed(b.bea.actor, marker);
    await a.ana.api.assignment.claim({ conversationId: a.conv.id });
    await a.ana.api.notes.add({ conversationId: a.conv.id, body: 'secret Alpha note @Bo' });
    await a.ws.admin.api.members.invite({ name: 'Alpha Hire', role: 'agent' });
    await b.bea.api.assignment.claim({ conversationId: b.conv.id });
    await a.ana.api.observations.message({ conversationId: a.conv.id, direction: 'in', at: 5, messageId: 'alpha-msg' });
    await b.bea.api.notes.add({ conversationId: b.conv.id, body: 'B is done' });
    const { seen, timedOut } = await feedB;
    expect(timedOut).toBe(false);
    const aIds = [a.ws.id, a.conv.id, a.ana.id, a.bo.id, a.mia.id, a.ws.admin.id, a.ws.channelId];
    const leaked = seen.filter((e) => aIds.some((id) => JSON.stringify(e).includes(id)) || /Alpha/.test(JSON.stringify(e)));
    expect(leaked).toEqual([]);
    expect(seen.map((e) => e.id)).toEqual(seen.map((_, i) => i + 1));
    expect(seen.some((e) => e.type === 'ownership.claimed' && e.conversationId === b.conv.id)).toBe(true);
    // Positive control: A's own feed does carry A's note.
    const feedA = await readFeed(a.ana.actor, (e) => e.type === 'note.added');
    expect(feedA.seen.at(-1)?.data.body).toBe('secret Alpha note @Bo');
  });
});
