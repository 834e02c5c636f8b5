import { describe, expect, it } from 'vitest';
import { rotateWebhookSecret } from '../../../server/services/automation/secrets';
import { handleAutomationWebhook } from '../../../server/webhook/handler';
import { openStoreForSuite, storeFactories } from '../support/stores';
import { routingWorld, type RoutingWorld } from '../routing/support';
import { WID, rowCounts, signed } from './support';

describe.each(storeFactories)('automation webhook service: $name', (factory) => {
  const opened = openStoreForSuite(factory);

  async function setup() {
    const w = await routingWorld(opened().store);
    const { secret } = await rotateWebhookSecret(w.world.deps, w.ws.id);
    const deliver = (body: unknown, opts: { skewMs?: number; secret?: string } = {}) => {
      const d = signed(opts.secret ?? secret, body, { nowMs: w.clock.now(), skewMs: opts.skewMs });
      return handleAutomationWebhook(w.world.deps, w.ws.id, d.headers, d.raw);
    };
    return { w, secret, deliver };
  }
  const conv = (w: RoutingWorld, id: string) => w.ws.admin.api.conversations.get({ conversationId: id });

  it('bot.start by phone creates the channel and the chat, in status bot; steps and answers reach the context', async () => {
    const { w, deliver } = await setup();
    const start = await deliver({
      type: 'bot.start',
      eventId: 'evt-start-0001',
      channelWid: '34699900000',
      phone: '+34612345678',
      name: 'Lucía',
      flow: 'welcome',
    });
    expect(start).toMatchObject({ status: 200, body: { ok: true, duplicate: false, status: 'bot', ownerId: null } });
    const id = start.body.conversationId as string;
    expect(await conv(w, id)).toMatchObject({ status: 'bot', phone: '34612345678', jid: '34612345678@c.us', title: 'Lucía' });
    const channels = await w.ws.admin.api.conversations.list({});
    expect(channels.find((c) => c.id === id)?.channelId).not.toBe(w.ws.channelId);
    const at = w.clock.now();
    expect(
      (
        await deliver({
          type: 'flow.step',
          eventId: 'evt-step-0001',
          channelWid: '34699900000',
          phone: '34612345678',
          flow: 'welcome',
          step: 'ask-budget',
          at,
          data: { choice: 'B' },
        })
      ).body.conversationId,
    ).toBe(id);
    await deliver({
      type: 'qualification.answers',
      eventId: 'evt-answ-0001',
      channelWid: '34699900000',
      phone: '34612345678',
      answers: { budget: 5000, wantsDemo: true },
    });
    const history = await w.ws.admin.api.automation.flowHistory({ conversationId: id });
    expect(history.steps.map((s) => [s.kind, s.flow, s.step])).toEqual([
      ['start', 'welcome', null],
      ['step', 'welcome', 'ask-budget'],
    ]);
    expect(history.steps[1].data).toEqual({ choice: 'B' });
    const ctx = await w.ws.admin.api.conversations.context({ conversationId: id });
    expect(ctx.answers).toEqual([
      { key: 'budget', value: '5000', source: 'automation', updatedAt: at },
      { key: 'wantsDemo', value: 'true', source: 'automation', updatedAt: at },
    ]);
    expect(ctx.timeline.map((e) => e.type)).toEqual(['conversation.created', 'status.changed', 'automation.flow_step', 'automation.answers']);
    w.close();
  });

  it('bot.reply is stored as an outgoing message that leaves waitingSince alone, also for a chat never seen before', async () => {
    const { w, deliver } = await setup();
    const chat = await w.waitingChat('Waiting', 60_000);
    const waitingSince = (await conv(w, chat.id)).waitingSince;
    expect(waitingSince).not.toBeNull();
    await deliver({ type: 'bot.reply', eventId: 'evt-reply-001', channelWid: WID, jid: chat.jid, at: w.clock.now(), messageId: 'wamid.bot1' });
    expect((await conv(w, chat.id)).waitingSince).toBe(waitingSince);
    const [reply] = await w.events(chat.id, 'message.observed').then((e) => e.filter((x) => x.data.direction === 'out'));
    expect(reply.data).toMatchObject({ byBot: true, messageId: 'wamid.bot1', source: 'automation' });
    const fresh = await deliver({ type: 'bot.reply', eventId: 'evt-reply-002', channelWid: WID, phone: '34687654321', at: w.clock.now() });
    expect(fresh).toMatchObject({ status: 200, body: { duplicate: false, status: 'open', ownerId: null } });
    expect((await conv(w, fresh.body.conversationId as string)).waitingSince).toBeNull();
    w.close();
  });

  it('handoff opens the chat in that queue and priority, routes it, and keeps the summary and reason', async () => {
    const { w, deliver } = await setup();
    const ana = await w.agent('Ana');
    await w.mia.api.routing.setQueue({ queue: 'pre-sales', mode: 'round-robin' });
    const lead = { channelWid: WID, phone: '34611122233' };
    await deliver({ type: 'bot.start', eventId: 'evt-hand-start', ...lead });
    const out = await deliver({
      type: 'handoff',
      eventId: 'evt-hand-0001',
      ...lead,
      queue: 'pre-sales',
      priority: 'high',
      summary: 'Wants 12 seats',
      reason: 'asked for pricing',
      answers: { seats: 12 },
    });
    expect(out).toMatchObject({ status: 200, body: { status: 'open', ownerId: ana.id } });
    const id = out.body.conversationId as string;
    expect(await conv(w, id)).toMatchObject({ status: 'open', queue: 'pre-sales', priority: 'high', ownerId: ana.id, waitingSince: w.clock.now() });
    expect(await w.ws.admin.api.automation.flowHistory({ conversationId: id })).toMatchObject({
      summary: 'Wants 12 seats',
      handoffReason: 'asked for pricing',
      handedOffAt: w.clock.now(),
    });
    const types = (await w.events(id)).map((e) => e.type);
    expect(types.slice(-6)).toEqual([
      'automation.handoff',
      'status.changed',
      'conversation.queue_changed',
      'conversation.priority_changed',
      'automation.answers',
      'ownership.assigned',
    ]);
    w.close();
  });

  it('a replayed eventId is acknowledged as a duplicate and stores nothing new, even when deliveries race', async () => {
    const { w, deliver } = await setup();
    const body = { type: 'flow.step', eventId: 'evt-dupe-0001', channelWid: WID, phone: '34600011122', flow: 'f', step: 's', at: w.clock.now() };
    const first = await Promise.all([deliver(body), deliver(body), deliver(body)]);
    expect(first.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(first.filter((r) => r.body.duplicate === false)).toHaveLength(1);
    const before = await rowCounts(opened().store.db, w.ws.id);
    expect(await deliver(body)).toMatchObject({ status: 200, body: { duplicate: true, conversationId: first[0].body.conversationId } });
    expect(await rowCounts(opened().store.db, w.ws.id)).toEqual(before);
    expect(before.flow_steps).toBe(1);
    w.close();
  });

  it('stores nothing on any rejection', async () => {
    const { w, secret, deliver } = await setup();
    const ana = await w.agent('Ana');
    const owned = await w.ws.conversation('Owned', '34677788899@c.us');
    await ana.api.assignment.claim({ conversationId: owned.id });
    const before = await rowCounts(opened().store.db, w.ws.id);
    const ok = { type: 'bot.start', eventId: 'evt-reject-01', channelWid: WID, phone: '34600000999' };
    expect((await deliver(ok, { secret: 'whsec_not-the-secret' })).status).toBe(401);
    expect(await deliver(ok, { skewMs: -6 * 60_000 })).toMatchObject({ status: 401, body: { error: expect.stringContaining('stale') } });
    const tampered = signed(secret, ok, { nowMs: w.clock.now() });
    const changed = Buffer.from(tampered.raw.toString().replace('34600000999', '34600000998'));
    expect((await handleAutomationWebhook(w.world.deps, w.ws.id, tampered.headers, changed)).status).toBe(401);
    expect(await deliver({ ...ok, type: 'bot.explode' })).toMatchObject({ status: 400, body: { error: 'invalid event' } });
    expect((await deliver({ ...ok, phone: undefined })).status).toBe(400);
    expect((await deliver('{not json')).status).toBe(400);
    expect(await deliver({ ...ok, type: 'handoff', queue: 'billing', summary: 's', reason: 'r' })).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('unknown queue') },
    });
    expect(await deliver({ ...ok, jid: owned.jid, phone: undefined })).toMatchObject({ status: 409, body: { details: { ownerId: ana.id } } });
    expect((await handleAutomationWebhook(w.world.deps, 'ws_nope', tampered.headers, tampered.raw)).status).toBe(404);
    expect(await rowCounts(opened().store.db, w.ws.id)).toEqual(before);
    w.close();
  });

  it('after rotation the previous secret verifies for the grace period only', async () => {
    const { w, secret: old, deliver } = await setup();
    const { secret: next } = await rotateWebhookSecret(w.world.deps, w.ws.id, 60_000);
    const body = (n: number) => ({ type: 'qualification.answers', eventId: `evt-rotate-${n}`, channelWid: WID, phone: '34600000777', answers: { n } });
    expect((await deliver(body(1), { secret: old })).status).toBe(200);
    expect((await deliver(body(2), { secret: next })).status).toBe(200);
    w.clock.advance(60_001);
    expect((await deliver(body(3), { secret: old })).status).toBe(401);
    expect((await deliver(body(4), { secret: next })).status).toBe(200);
    await rotateWebhookSecret(w.world.deps, w.ws.id, 0);
    expect((await deliver(body(5), { secret: next })).status).toBe(401);
    w.close();
  });
});
