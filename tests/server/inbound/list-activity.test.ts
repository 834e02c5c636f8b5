import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyWebhookEvent } from '../../../server/services/automation/apply';
import type { WebhookEvent } from '../../../server/services/automation/events';
import { routingWorld, type RoutingWorld } from '../routing/support';
import { openStoreForSuite, storeFactories } from '../support/stores';

const MIN = 60_000;

describe.each(storeFactories)('inbound capture from chat-list rows ($name)', (factory) => {
  const opened = openStoreForSuite(factory);
  let w: RoutingWorld;
  let n = 0;
  beforeEach(async () => {
    w = await routingWorld(opened().store);
  });
  afterEach(() => w.close());

  const row = (over: Record<string, unknown> = {}) => ({
    chat: { channelId: w.ws.channelId, title: 'Lucia Bianchi' },
    direction: 'in' as const,
    at: Math.floor(w.clock.now() / MIN) * MIN,
    unread: 1,
    backfill: false,
    seenAt: w.clock.now(),
    ...over,
  });
  const conversationOf = async (title: string) => (await w.ws.admin.api.conversations.list({})).find((c) => c.title === title);
  const webhook = (ev: Record<string, unknown>) =>
    applyWebhookEvent(w.world.deps, w.ws.id, { eventId: `evt-row-${++n}-abcdef`, channelWid: '34600000001', ...ev } as WebhookEvent);

  it('a customer writing to a chat nobody opened: created once, waiting, SLA running, routed, however many reps report it', async () => {
    await w.mia.api.sla.setPolicy({ queue: 'support', policy: { firstResponseMs: 10 * MIN, warnAtFraction: 0.8, mode: { kind: 'wall' } } });
    await w.mia.api.routing.setQueue({ queue: 'support', mode: 'round-robin' });
    const ana = await w.agent('Ana');
    const bo = await w.agent('Bo', { online: false });
    const first = await ana.api.observations.listActivity(row());
    const second = await bo.api.observations.listActivity(row({ seenAt: w.clock.now() + 300 }));
    expect(first.recorded).toBe(true);
    expect(second).toMatchObject({ recorded: false, why: 'known' });
    const conv = (await conversationOf('Lucia Bianchi'))!;
    expect(conv).toMatchObject({ status: 'open', waitingSince: row().at });
    expect(conv.sla.map((c) => c.target)).toContain('firstResponse');
    expect((await w.events(conv.id, 'message.observed')).map((e) => e.data)).toEqual([
      expect.objectContaining({ direction: 'in', source: 'list', backfill: false }),
    ]);
    await w.mia.api.routing.drain();
    expect(await w.owner(conv.id)).toBe(ana.id);
  });

  it('first sight is backfill: a chat the server knows as waiting gets nothing new, a newer unread after a resolve reopens it', async () => {
    await w.mia.api.observations.listActivity(row({ backfill: true }));
    const conv = (await conversationOf('Lucia Bianchi'))!;
    const before = (await w.events(conv.id)).length;
    w.clock.advance(5 * MIN);
    expect(await w.mia.api.observations.listActivity(row({ backfill: true, at: conv.waitingSince, unread: 3 }))).toMatchObject({
      recorded: false,
      why: 'known',
    });
    expect((await w.events(conv.id)).length).toBe(before);
    await w.mia.api.status.set({ conversationId: conv.id, status: 'resolved' });
    w.clock.advance(60 * MIN);
    const reopened = await w.mia.api.observations.listActivity(row({ backfill: true, at: w.clock.now() - 10 * MIN }));
    expect(reopened.recorded).toBe(true);
    expect(reopened.conversation).toMatchObject({ status: 'open', episode: 2 });
    const [, second] = await w.events(conv.id, 'message.observed');
    expect(second.data).toMatchObject({ backfill: true, at: Math.floor((w.clock.now() - 10 * MIN) / MIN) * MIN });
  });

  it('a read row is not news (its open chat reports the message), and an open chat does not announce a message a row already did', async () => {
    expect(await w.mia.api.observations.listActivity(row({ unread: 0 }))).toMatchObject({ recorded: false, why: 'read' });
    await w.mia.api.observations.listActivity(row());
    const conv = (await conversationOf('Lucia Bianchi'))!;
    await w.mia.api.observations.message({ conversationId: conv.id, direction: 'in', at: w.clock.now() + 1_000, messageId: '3A0000000000000001' });
    expect(await w.events(conv.id, 'message.observed')).toHaveLength(1);
    // The row's record explained that one message only: a follow-up seconds later is news.
    await w.mia.api.observations.message({ conversationId: conv.id, direction: 'in', at: w.clock.now() + 20_000, messageId: '3A0000000000000002' });
    expect(await w.events(conv.id, 'message.observed')).toHaveLength(2);
    // History on screen when a chat is opened is never announced again.
    await w.mia.api.observations.message({ conversationId: conv.id, direction: 'in', at: w.clock.now(), messageId: '3A0000000000000003', backfill: true });
    expect(await w.events(conv.id, 'message.observed')).toHaveLength(2);
  });

  it('a reply from the phone (the row turns outgoing, nobody holds the lock) stops the wait and counts as unattributed', async () => {
    await w.mia.api.observations.listActivity(row());
    w.clock.advance(2 * MIN);
    const reply = row({ direction: 'out', at: Math.floor(w.clock.now() / MIN) * MIN, unread: 0, seenAt: w.clock.now() });
    expect((await w.mia.api.observations.listActivity(reply)).conversation).toMatchObject({ waitingSince: null });
    expect(await w.mia.api.observations.listActivity(reply)).toMatchObject({ recorded: false, why: 'not-waiting' });
    w.clock.advance(10 * MIN);
    const summary = await w.mia.api.metrics.summary({ from: w.clock.now() - 60 * MIN, to: w.clock.now() });
    expect(summary.unattributedSends?.count).toBe(1);
  });

  it('a reply while a teammate holds the reply lock is theirs (their guarded send reports it), not unattributed', async () => {
    const ana = await w.agent('Ana');
    await w.mia.api.observations.listActivity(row());
    const conv = (await conversationOf('Lucia Bianchi'))!;
    await ana.api.assignment.claim({ conversationId: conv.id });
    await ana.api.locks.acquire({ conversationId: conv.id });
    expect(await w.mia.api.observations.listActivity(row({ direction: 'out', unread: 0 }))).toMatchObject({ recorded: false, why: 'guarded-send' });
  });

  it('bad rows are refused with the field named and change nothing', async () => {
    await expect(w.mia.api.observations.listActivity(row({ chat: { channelId: w.ws.channelId } }))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('jid or a title'),
    });
    await expect(w.mia.api.observations.listActivity(row({ unread: -1 }))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('unread'),
    });
    await expect(w.mia.api.observations.listActivity(row({ chat: { channelId: 'ch_not_mine', title: 'X' } }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await w.ws.admin.api.conversations.list({})).toEqual([]);
  });

  describe("automation leads join the rep's chat by the number it shows", () => {
    const answers = { budget: '5000' };

    it('lead first: the chat the rep sees (titled with the number) is the lead, answers and queue included', async () => {
      const lead = await webhook({ type: 'qualification.answers', phone: '+393331234567', answers });
      const seen = await w.mia.api.observations.listActivity(row({ chat: { channelId: w.ws.channelId, title: '\u202A+39 333 123 4567\u202C' } }));
      expect(seen.conversation?.id).toBe(lead.conversationId);
      const ctx = await w.mia.api.conversations.context({ conversationId: lead.conversationId! });
      expect(ctx.answers.map((a) => [a.key, a.value])).toEqual([['budget', '5000']]);
      expect(ctx.conversation).toMatchObject({ titleKey: '393331234567', phone: '393331234567' });
      expect(ctx.timeline.find((e) => e.type === 'automation.lead_linked')?.data).toMatchObject({ automatic: true, via: 'phone-in-title' });
      expect(await w.ws.admin.api.conversations.list({})).toHaveLength(1);
    });

    it("chat first: the automation's later events land on the rep's chat", async () => {
      const mine = await w.ws.conversation('+39 333 123 4567');
      const lead = await webhook({ type: 'qualification.answers', phone: '393331234567', answers });
      expect(lead.conversationId).toBe(mine.id);
      expect(await w.ws.admin.api.conversations.list({})).toHaveLength(1);
    });

    it('by JID when the DOM gives one', async () => {
      const lead = await webhook({ type: 'qualification.answers', phone: '393331234567', answers });
      const seen = await w.ws.admin.api.conversations.resolve({ channelId: w.ws.channelId, title: 'Lucia', jid: '393331234567@c.us' });
      expect(seen.ambiguous === false && seen.conversation.id).toBe(lead.conversationId);
    });
  });

  describe('routing picks only members who can answer', () => {
    it("a member with the extension but no WhatsApp tab of the chat's number is never picked", async () => {
      await w.mia.api.routing.setQueue({ queue: 'support', mode: 'round-robin' });
      const noTab = await w.agent('No Tab', { online: false });
      await noTab.api.members.heartbeat({ connectionId: 'no-tab-browser-1' });
      const otherNumber = await w.agent('Other Number', { online: false });
      const other = await otherNumber.api.conversations.resolveChannel({ wid: '34600000002' });
      await otherNumber.api.members.heartbeat({ connectionId: 'other-number-browser', channelId: other.id });
      const chat = await w.waitingChat('Waiting');
      await w.mia.api.routing.drain();
      expect(await w.owner(chat.id)).toBeNull();
      const ready = await w.agent('Ready');
      await w.mia.api.routing.drain();
      expect(await w.owner(chat.id)).toBe(ready.id);
    });
  });
});
