import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { routingWorld, type RoutingWorld } from './support';

let w: RoutingWorld;
beforeEach(async () => {
  w = await routingWorld();
});
afterEach(() => w.close());

describe('the handoff rule', () => {
  it("a manager reassigning a teammate's chat must leave a note, which the new owner reads in the timeline", async () => {
    const ana = await w.agent('Ana');
    const bo = await w.agent('Bo');
    const chat = await w.ws.conversation('Big deal', '34655555555@c.us');
    await ana.api.assignment.claim({ conversationId: chat.id });
    await expect(w.mia.api.assignment.assign({ conversationId: chat.id, memberId: bo.id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('handoff note'),
      cause: { details: { reason: 'handoff-note-required' } },
    });
    expect(await w.owner(chat.id)).toBe(ana.id);
    await w.mia.api.assignment.assign({ conversationId: chat.id, memberId: bo.id, note: 'Ana is out; they want the 3-year plan' });
    const timeline = (await bo.api.conversations.context({ conversationId: chat.id })).timeline;
    expect(timeline.find((e) => e.type === 'ownership.assigned')?.data).toMatchObject({
      from: ana.id,
      to: bo.id,
      note: 'Ana is out; they want the 3-year plan',
    });
  });

  it('needs no note for an unowned chat or the owner passing on their own chat, nor when the workspace turns it off', async () => {
    const ana = await w.agent('Ana');
    const bo = await w.agent('Bo');
    const chat = await w.ws.conversation('Small deal', '34666666666@c.us');
    await w.mia.api.assignment.assign({ conversationId: chat.id, memberId: ana.id });
    await ana.api.assignment.assign({ conversationId: chat.id, memberId: bo.id });
    expect(await w.owner(chat.id)).toBe(bo.id);
    await expect(bo.api.routing.setHandoffRule({ handoffNoteRequired: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await w.mia.api.routing.setHandoffRule({ handoffNoteRequired: false })).toMatchObject({ handoffNoteRequired: false });
    await w.mia.api.assignment.assign({ conversationId: chat.id, memberId: ana.id });
    expect(await w.owner(chat.id)).toBe(ana.id);
  });
});

describe('queue routing settings', () => {
  it('default to manual, and only managers change them, for known queues, with valid values', async () => {
    const ana = await w.agent('Ana');
    const before = await ana.api.routing.getQueues();
    expect(before.handoffNoteRequired).toBe(true);
    expect(before.queues.map((q) => q.name)).toEqual(['pre-sales', 'support', 'escalation', 'post-sale']);
    expect(before.queues.every((q) => q.mode === 'manual' && !q.sticky && q.ownerResponseTimeoutMs === null)).toBe(true);
    await expect(ana.api.routing.setQueue({ queue: 'support', mode: 'round-robin' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(w.mia.api.routing.setQueue({ queue: 'billing', mode: 'round-robin' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('unknown queue'),
    });
    await expect(w.mia.api.routing.setQueue({ queue: 'support', mode: 'random' as never })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(w.mia.api.routing.setQueue({ queue: 'support', ownerResponseTimeoutMs: 5 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(ana.api.routing.drain()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await w.mia.api.routing.setQueue({ queue: 'support', mode: 'least-loaded', ownerResponseTimeoutMs: 300_000 });
    const after = await w.mia.api.routing.setQueue({ queue: 'support', sticky: true });
    expect(after.queues.find((q) => q.name === 'support')).toMatchObject({ mode: 'least-loaded', sticky: true, ownerResponseTimeoutMs: 300_000 });
    const logged = await w.world.store.db
      .selectFrom('events')
      .select('data')
      .where('workspace_id', '=', w.ws.id)
      .where('type', '=', 'routing.settings_updated')
      .execute();
    expect(logged.map((e) => JSON.parse(e.data))).toEqual([
      { queue: 'support', mode: 'least-loaded', sticky: false, ownerResponseTimeoutMs: 300_000 },
      { queue: 'support', mode: 'least-loaded', sticky: true, ownerResponseTimeoutMs: 300_000 },
    ]);
  });
});
