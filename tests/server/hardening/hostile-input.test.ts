import { TRPCError } from '@trpc/server';
import fc from 'fast-check';
import { ZodError } from 'zod';
import { describe, expect, it } from 'vitest';
import { appRouter } from '../../../server/routers/_app';
import { rotateWebhookSecret } from '../../../server/services/automation/secrets';
import { handleAutomationWebhook } from '../../../server/webhook/handler';
import { signed, WID } from '../automation/support';
import { storeFactories } from '../support/stores';
import { worldForSuite, type World } from '../support/world-suite';

/**
 * Generated hostile input against every procedure and the webhook, on both stores: one field of a valid input at a
 * time becomes a hostile string, shape, size or nesting. Never a 500; a validation refusal names that field; and
 * afterwards the chat's keyed mutations still succeed.
 */
interface Ids {
  conversationId: string;
  memberId: string;
  channelId: string;
}
type Input = Record<string, unknown>;

/** A valid input per procedure (null: the procedure takes none); each run breaks one of its fields. */
const valid: Record<string, ((i: Ids) => Input) | null> = {
  'auth.redeemInvite': () => ({ code: 'abcdefgh12', name: 'Zed' }),
  'auth.me': null,
  'members.list': null,
  'members.invite': () => ({ name: 'New Hire', role: 'agent' }),
  'members.revoke': () => ({ memberId: 'mem_not_here' }),
  'members.update': (i) => ({ memberId: i.memberId, capacity: 5, queues: ['support'] }),
  'members.rename': () => ({ name: 'Renamed Self' }),
  'members.setAvailability': () => ({ availability: 'away' }),
  'members.heartbeat': (i) => ({ connectionId: 'conn-00001', channelId: i.channelId, browser: 'Chrome' }),
  'members.reportAdapterHealth': () => ({
    checkedAt: '2026-11-25T09:00:00Z',
    missing: ['composer'],
    hooks: [{ name: 'composer', status: 'missing', via: null }],
  }),
  'conversations.resolveChannel': () => ({ wid: '34600000002', name: 'Sales' }),
  'conversations.resolve': (i) => ({ channelId: i.channelId, title: 'New chat', jid: '34699999999@c.us', kind: 'direct', phone: '+34699999999' }),
  'conversations.get': (i) => ({ conversationId: i.conversationId }),
  'conversations.list': (i) => ({ channelId: i.channelId, limit: 10, updatedAfter: 0 }),
  'conversations.context': (i) => ({ conversationId: i.conversationId }),
  'assignment.claim': (i) => ({ conversationId: i.conversationId, idempotencyKey: 'claim-key-1' }),
  'assignment.assign': (i) => ({ conversationId: i.conversationId, memberId: i.memberId, note: 'yours' }),
  'assignment.release': (i) => ({ conversationId: i.conversationId }),
  'assignment.handoff': (i) => ({ conversationId: i.conversationId, memberId: i.memberId, note: 'over to you' }),
  'assignment.requestHandoff': (i) => ({ conversationId: i.conversationId, note: 'may I take it?' }),
  'assignment.answerHandoff': (i) => ({ conversationId: i.conversationId, requestedBy: i.memberId, accept: false }),
  'assignment.takeOver': (i) => ({ conversationId: i.conversationId, reason: 'owner is out' }),
  'locks.acquire': (i) => ({ conversationId: i.conversationId }),
  'locks.renew': (i) => ({ conversationId: i.conversationId, token: 1 }),
  'locks.release': (i) => ({ conversationId: i.conversationId, token: 1 }),
  'status.set': (i) => ({ conversationId: i.conversationId, status: 'open', reason: 'back' }),
  'status.setPriority': (i) => ({ conversationId: i.conversationId, priority: 'high' }),
  'status.setLabels': (i) => ({ conversationId: i.conversationId, labels: ['vip'] }),
  'status.setQueue': (i) => ({ conversationId: i.conversationId, queue: 'support' }),
  'notes.add': (i) => ({ conversationId: i.conversationId, body: 'called back' }),
  'observations.message': (i) => ({ conversationId: i.conversationId, direction: 'in', at: 1, messageId: 'm-1' }),
  'observations.listActivity': (i) => ({
    chat: { channelId: i.channelId, title: 'Row title', jid: '34611112222@c.us' },
    direction: 'in',
    at: 1,
    unread: 1,
    backfill: false,
    seenAt: 1,
  }),
  'observations.send': (i) => ({ conversationId: i.conversationId, token: 1, at: 1, messageId: 'm-2', idempotencyKey: 'send-00001' }),
  'observations.unguarded': (i) => ({ conversationId: i.conversationId, at: 1, messageId: 'u-2', path: 'dialog button icon send' }),
  'observations.held': (i) => ({ conversationId: i.conversationId, reason: 'bot', idempotencyKey: 'held-00001' }),
  'observations.override': (i) => ({ conversationId: i.conversationId, reason: 'urgent', at: 1, idempotencyKey: 'ovr-000001' }),
  'events.feed': () => ({ lastEventId: 0 }),
  'events.head': null,
  'events.ping': null,
  'sla.getPolicies': null,
  'sla.setPolicy': () => ({
    queue: 'support',
    policy: {
      firstResponseMs: 60_000,
      warnAtFraction: 0.8,
      mode: {
        kind: 'business',
        schedule: {
          timeZone: 'Europe/Madrid',
          weekly: { mon: [{ start: '09:00', end: '17:00' }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
          holidays: ['2026-12-25'],
        },
      },
    },
  }),
  'sla.clocks': (i) => ({ conversationIds: [i.conversationId] }),
  'metrics.summary': () => ({ from: 0, to: 86_400_000, queue: 'support' }),
  'metrics.coverage': null,
  'metrics.report': () => ({ from: 0, to: 86_400_000, unresolvedAfterMs: 3_600_000 }),
  'metrics.coverageChats': (i) => ({ kind: 'load', memberId: i.memberId, limit: 50 }),
  'metrics.trend': () => ({ days: 7, timeZone: 'Europe/Madrid', queue: 'support' }),
  'routing.getQueues': null,
  'routing.setQueue': () => ({ queue: 'support', mode: 'round-robin', sticky: true }),
  'routing.setHandoffRule': () => ({ handoffNoteRequired: false }),
  'routing.drain': () => ({ limit: 10 }),
  'automation.flowHistory': (i) => ({ conversationId: i.conversationId }),
  'automation.linkLead': (i) => ({ conversationId: i.conversationId, jid: '34622222222@c.us' }),
  'automation.takeOverFromBot': (i) => ({ conversationId: i.conversationId, reason: 'bot is stuck' }),
  'settings.rules': null,
  'settings.team': null,
  'settings.createQueue': () => ({ name: 'billing' }),
  'settings.renameQueue': () => ({ queue: 'post-sale', to: 'after-sale' }),
  'settings.archiveQueue': () => ({ queue: 'escalation', archived: true }),
  'settings.setDefaultQueue': () => ({ queue: 'support' }),
  'settings.setRules': () => ({ handoffNoteRequired: true, agentsCanTakeOver: false }),
  'settings.rotateWebhookSecret': () => ({ graceHours: 24 }),
};

/** Deep nesting, named briefly in a counterexample (fast-check's own printer would overflow the stack on it). */
const nested = (kind: 'object' | 'array', depth: number): unknown => {
  let v: unknown = 'leaf';
  for (let d = 0; d < depth; d++) v = kind === 'object' ? { k: v } : [v];
  Object.defineProperty(v, fc.toStringMethod, { value: () => `nested ${kind} ${depth} deep`, enumerable: false });
  // Its JSON text built without recursion: JSON.stringify itself overflows the stack a little past 4,000 levels.
  const [open, close] = kind === 'object' ? ['{"k":', '}'] : ['[', ']'];
  Object.defineProperty(v, RAW_JSON, { value: `${open.repeat(depth)}"leaf"${close.repeat(depth)}`, enumerable: false });
  return v;
};
const RAW_JSON = Symbol('raw JSON');
/** `base` as JSON with `field` set to `value`, deep values included. */
const jsonWith = (base: Input, field: string, value: unknown) => {
  const raw = (value as { [RAW_JSON]?: string } | null)?.[RAW_JSON] ?? JSON.stringify(value);
  return JSON.stringify({ ...base, [field]: '\u0001HOSTILE' }).replace('"\\u0001HOSTILE"', raw ?? 'null');
};

/** Hostile values: strings of any code points (lone surrogates, NUL, bidi), odd numbers, JSON shapes, sizes, nesting. */
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\uD800',
    'x\uDFFFy',
    '\u202eevil',
    '\u200b',
    ' ',
    '',
    '__proto__',
    'constructor',
    "'; drop table events; --",
    '$1',
    '%s%n',
  ),
  fc.integer({ min: 1, max: 300_000 }).map((n) => 'x'.repeat(n)),
  fc.constantFrom(-1, 0, 1.5, 2 ** 53, -(2 ** 63), 1e308, Number.MAX_SAFE_INTEGER + 2),
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer({ min: 10, max: 5_000 }).map((d) => nested('object', d)),
  fc.integer({ min: 10, max: 5_000 }).map((d) => nested('array', d)),
  fc.array(fc.string({ unit: 'binary', maxLength: 10 }), { maxLength: 600 }),
);

const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: 'query' | 'mutation' | 'subscription'; inputs: unknown[] } }>;

/** Calls one procedure through the router as `caller`; the error, if any. */
async function call(world: World, actor: Parameters<World['callerFor']>[0], path: string, input: unknown): Promise<unknown> {
  const caller = world.callerFor(actor) as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>;
  const [ns, name] = path.split('.');
  try {
    const out = await caller[ns][name](input);
    // A subscription that started: take nothing from it.
    if (out && typeof (out as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') await (out as AsyncGenerator).return?.(undefined);
    return null;
  } catch (err) {
    return err;
  }
}

function checkOutcome(path: string, field: string, err: unknown) {
  if (err === null) return;
  expect(err, `${path}.${field}: a typed error`).toBeInstanceOf(TRPCError);
  const e = err as TRPCError;
  expect({ path, field, code: e.code, message: e.code === 'INTERNAL_SERVER_ERROR' ? e.message : '' }).not.toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
  if (e.cause instanceof ZodError) {
    // The refusal points at the field that was broken (or inside it).
    expect({ path, field, paths: e.cause.issues.map((i) => String(i.path[0] ?? '')) }).toMatchObject({ paths: expect.arrayContaining([field]) });
  }
}

describe.each(storeFactories)('hostile input to every procedure and the webhook: $name', (factory) => {
  const worldNow = worldForSuite(factory);

  async function setup() {
    const world = worldNow();
    const ws = await world.workspace(`Hostile ${Math.random().toString(36).slice(2, 7)}`);
    const bo = await ws.member('Bo Target');
    const chat = await ws.conversation('Hostile chat', '34611112222@c.us');
    const ids: Ids = { conversationId: chat.id, memberId: bo.id, channelId: ws.channelId };
    let n = 0;
    // The chat's keyed mutations, as the extension's outbox sends them: each must still succeed.
    const keyedStillWork = async () => {
      const k = `after-${++n}-${Math.random().toString(36).slice(2, 10)}`;
      await ws.admin.api.status.setPriority({ conversationId: chat.id, priority: n % 2 ? 'high' : 'normal', idempotencyKey: `${k}-p` });
      await ws.admin.api.observations.held({ conversationId: chat.id, reason: 'traffic-cop', idempotencyKey: `${k}-h` });
      await ws.admin.api.observations.override({ conversationId: chat.id, reason: 'checked', at: 1, idempotencyKey: `${k}-o` });
    };
    return { world, ws, ids, keyedStillWork };
  }

  it('the table covers every procedure in the router', () => {
    expect(Object.keys(valid).sort()).toEqual(Object.keys(procedures).sort());
    for (const [path, v] of Object.entries(valid))
      expect({ path, takesInput: v !== null }).toEqual({ path, takesInput: procedures[path]._def.inputs.length > 0 });
  });

  it('never answers 500, names the field it refuses, and leaves the chat working', async () => {
    const { world, ws, ids, keyedStillWork } = await setup();
    const withInput = Object.entries(valid).filter((e): e is [string, (i: Ids) => Input] => e[1] !== null);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...withInput), fc.nat(), hostile, async ([path, make], pick, value) => {
        const base = make(ids);
        const fields = Object.keys(base);
        const field = fields[pick % fields.length];
        checkOutcome(path, field, await call(world, ws.admin.actor, path, { ...base, [field]: value }));
        // The whole input replaced by a hostile value, too.
        const whole = await call(world, ws.admin.actor, path, value);
        if (whole !== null) expect((whole as TRPCError).code).not.toBe('INTERNAL_SERVER_ERROR');
      }),
      { numRuns: 400 },
    );
    await keyedStillWork();
    // The base inputs still work after all that (the router was not left in a broken state).
    for (const path of ['conversations.get', 'notes.add', 'status.setLabels']) expect(await call(world, ws.admin.actor, path, valid[path]!(ids))).toBeNull();
  });

  it('the webhook never answers 500, names the field it refuses, and leaves the chat working', async () => {
    const { world, ws, keyedStillWork } = await setup();
    const { secret } = await rotateWebhookSecret(world.deps, ws.id);
    const events: Input[] = [
      { type: 'bot.start', flow: 'welcome' },
      { type: 'flow.step', flow: 'welcome', step: 'ask', at: 1, data: { choice: 'B' } },
      { type: 'qualification.answers', answers: { budget: 5000 } },
      { type: 'bot.reply', at: 1, messageId: 'wamid.1' },
      { type: 'handoff', queue: 'support', priority: 'high', summary: 'wants a demo', reason: 'asked for a human', answers: { size: '10' } },
    ];
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...events), fc.nat(), hostile, async (event, pick, value) => {
        const base: Input = { ...event, eventId: `evt-hostile-${++n}-${Date.now()}`, channelWid: WID, jid: '34611112222@c.us', name: 'Hostile' };
        const fields = Object.keys(base).filter((f) => f !== 'type' && f !== 'eventId');
        const field = fields[pick % fields.length];
        const d = signed(secret, jsonWith(base, field, value), { nowMs: world.deps.now() });
        const out = await handleAutomationWebhook(world.deps, ws.id, d.headers, d.raw);
        expect(out.status, `webhook ${String(event.type)}.${field}`).toBeLessThan(500);
        if (out.status === 400 && out.body.fields)
          expect({ field, named: Object.keys(out.body.fields as object) }).toMatchObject({ named: expect.arrayContaining([field]) });
      }),
      { numRuns: 150 },
    );
    await keyedStillWork();
  });
});
