import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyWebhookEvent } from '../../../server/services/automation/apply';
import { carryOver } from '../../../server/services/automation/lead';
import type { WebhookEvent } from '../../../server/services/automation/events';
import { routingWorld, type RoutingWorld } from '../routing/support';
import { WID } from './support';

let w: RoutingWorld;
let n = 0;
beforeEach(async () => {
  w = await routingWorld();
});
afterEach(() => w.close());

const send = (ev: Record<string, unknown>) =>
  applyWebhookEvent(w.world.deps, w.ws.id, { eventId: `evt-bot-${++n}-xyz`, channelWid: WID, ...ev } as WebhookEvent);

describe('the bot status and a human taking over', () => {
  it('a member takes a chat from the bot: open, theirs, with the cause and reason logged', async () => {
    const ana = await w.agent('Ana');
    const { conversationId } = await send({ type: 'bot.start', phone: '34644455566', flow: 'faq' });
    const id = conversationId!;
    await expect(ana.api.status.set({ conversationId: id, status: 'bot' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const out = await ana.api.automation.takeOverFromBot({ conversationId: id, reason: 'customer is upset' });
    expect(out.conversation).toMatchObject({ status: 'open', ownerId: ana.id });
    const [status] = await w.events(id, 'status.changed').then((e) => e.filter((x) => x.data.cause === 'human-takeover'));
    expect(status).toMatchObject({ actorId: ana.id, data: { from: 'bot', to: 'open', reason: 'customer is upset' } });
    expect((await w.events(id, 'ownership.claimed'))[0].data).toMatchObject({ to: ana.id, via: 'bot-takeover' });
    await expect(ana.api.automation.takeOverFromBot({ conversationId: id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('not handling'),
    });
  });

  it('the bot takes a resolved chat (a new episode, released by its owner) but never one a member is working', async () => {
    const ana = await w.agent('Ana');
    const chat = await w.ws.conversation('Returning', '34655566677@c.us');
    await ana.api.assignment.claim({ conversationId: chat.id });
    await expect(send({ type: 'bot.start', jid: chat.jid })).rejects.toMatchObject({ code: 'CONFLICT' });
    await ana.api.status.set({ conversationId: chat.id, status: 'resolved' });
    const taken = await send({ type: 'bot.start', jid: chat.jid });
    expect(taken).toMatchObject({ status: 'bot', ownerId: null });
    expect((await w.ws.admin.api.conversations.get({ conversationId: chat.id })).episode).toBe(2);
    expect((await w.events(chat.id, 'ownership.released'))[0].data).toMatchObject({ from: ana.id, reason: 'automation' });
  });
});

describe('linking an unmatched chat to an automation lead', () => {
  it("moves the lead's flow history and answers to the rep's chat, and later events for that phone follow", async () => {
    const ana = await w.agent('Ana');
    const lead = (await send({ type: 'flow.step', phone: '+34699887766', flow: 'welcome', step: 'hello', at: w.clock.now() })).conversationId!;
    await send({ type: 'qualification.answers', phone: '34699887766', answers: { budget: 'high', city: 'Madrid' } });
    const mine = await w.ws.conversation('Pablo G.', '88112233445566@lid');
    await ana.api.assignment.claim({ conversationId: mine.id });
    await ana.api.notes.add({ conversationId: mine.id, body: 'typed by hand' });
    await w.world.store.db
      .insertInto('answers')
      .values({ workspace_id: w.ws.id, conversation_id: mine.id, key: 'city', value: 'Toledo', source: 'rep', updated_at: 1 })
      .execute();
    await expect(ana.api.automation.linkLead({ conversationId: mine.id, phone: '34611111000' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(ana.api.automation.linkLead({ conversationId: mine.id })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const out = await ana.api.automation.linkLead({ conversationId: mine.id, phone: '34699887766' });
    expect(out).toMatchObject({ linked: true, leadId: lead, conversation: { id: mine.id, phone: '34699887766', ownerId: ana.id } });
    const ctx = await ana.api.conversations.context({ conversationId: mine.id });
    expect(ctx.answers.map((a) => [a.key, a.value, a.source])).toEqual([
      ['budget', 'high', 'automation'],
      ['city', 'Toledo', 'rep'],
    ]);
    expect(ctx.timeline.find((e) => e.type === 'automation.lead_linked')?.data).toMatchObject({ leadId: lead, steps: 1, answers: 2 });
    expect((await w.ws.admin.api.conversations.list({})).map((c) => c.id)).not.toContain(lead);
    const later = await send({ type: 'flow.step', phone: '34699887766', flow: 'welcome', step: 'bye', at: w.clock.now() + 1 });
    expect(later.conversationId).toBe(mine.id);
    expect((await ana.api.automation.flowHistory({ conversationId: mine.id })).steps.map((s) => s.step)).toEqual(['hello', 'bye']);
    await expect(ana.api.automation.linkLead({ conversationId: mine.id, phone: '34699887766' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('what the automation decided about a lead joins the linked chat', () => {
  const chat = (queue: string, priority: 'low' | 'normal' | 'high' | 'urgent', labels: string[]) => ({ queue, priority, labels: JSON.stringify(labels) });
  it.each([
    [
      'the lead was routed: its queue replaces the default one',
      chat('support', 'normal', []),
      chat('pre-sales', 'normal', []),
      { queue: 'pre-sales' },
      ['conversation.queue_changed'],
    ],
    ['a queue a person chose stays', chat('escalation', 'normal', []), chat('pre-sales', 'normal', []), {}, []],
    ['the higher priority wins', chat('support', 'normal', []), chat('support', 'urgent', []), { priority: 'urgent' }, ['conversation.priority_changed']],
    ['a lower lead priority changes nothing', chat('support', 'high', []), chat('support', 'low', []), {}, []],
    [
      'labels add up, sorted, without repeats',
      chat('support', 'normal', ['vip']),
      chat('support', 'normal', ['vip', 'alpha']),
      { labels: JSON.stringify(['alpha', 'vip']) },
      ['conversation.labels_changed'],
    ],
    [
      "the chat's own labels are never pushed out by the cap",
      chat(
        'support',
        'normal',
        Array.from({ length: 20 }, (_, i) => `z${i}`),
      ),
      chat('support', 'normal', ['a']),
      {},
      [],
    ],
  ])('%s', (_name, target, lead, patch, types) => {
    const out = carryOver(target, lead, 'support');
    expect(out.patch).toEqual(patch);
    expect(out.events.map((e) => e.type)).toEqual(types);
  });

  it("a lead handed off to pre-sales at high priority makes the rep's chat pre-sales and high, with the changes logged", async () => {
    const ana = await w.agent('Ana');
    const lead = (
      await send({
        type: 'handoff',
        phone: '34622233344',
        queue: 'pre-sales',
        priority: 'high',
        summary: 'wants a quote',
        reason: 'pricing',
        at: w.clock.now(),
      })
    ).conversationId!;
    const mine = await w.ws.conversation('Quote guy', '99112233445566@lid');
    await ana.api.assignment.claim({ conversationId: mine.id });
    await ana.api.status.setLabels({ conversationId: mine.id, labels: ['callback'] });
    const out = await ana.api.automation.linkLead({ conversationId: mine.id, phone: '34622233344' });
    expect(out).toMatchObject({ linked: true, leadId: lead, conversation: { queue: 'pre-sales', priority: 'high', labels: ['callback'], ownerId: ana.id } });
    expect((await w.events(mine.id, 'conversation.queue_changed')).at(-1)?.data).toEqual({ from: 'support', to: 'pre-sales', cause: 'lead-link' });
    expect((await w.events(mine.id, 'conversation.priority_changed')).at(-1)?.data).toEqual({ from: 'normal', to: 'high', cause: 'lead-link' });
  });
});

describe("linking a lead is not a way to take a teammate's chat", () => {
  it('an agent cannot link a chat another member owns, in either direction; a manager can', async () => {
    const ana = await w.agent('Ana');
    const bo = await w.agent('Bo');
    const bosChat = await w.ws.conversation('Bo customer', '34677700011@c.us');
    await bo.api.assignment.claim({ conversationId: bosChat.id });
    const anasChat = await w.ws.conversation('Ana customer', '34677700022@c.us');
    await ana.api.assignment.claim({ conversationId: anasChat.id });
    await expect(ana.api.automation.linkLead({ conversationId: anasChat.id, jid: bosChat.jid! })).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: { details: { ownerId: bo.id } },
    });
    await expect(ana.api.automation.linkLead({ conversationId: bosChat.id, jid: anasChat.jid! })).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: { details: { ownerId: bo.id } },
    });
    expect((await w.ws.admin.api.conversations.list({})).map((c) => c.id)).toEqual(expect.arrayContaining([bosChat.id, anasChat.id]));
    const out = await w.ws.admin.api.automation.linkLead({ conversationId: anasChat.id, jid: bosChat.jid! });
    expect(out.linked).toBe(true);
  });
});
