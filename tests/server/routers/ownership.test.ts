import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld } from '../support/harness';
import { refusal } from '../support/refusal';

type World = Awaited<ReturnType<typeof createWorld>>;
let world: World;
beforeEach(async () => {
  world = await createWorld();
});
afterEach(() => world.close());

describe('ownership through the real procedures', () => {
  it('claims once; the loser gets CONFLICT naming the owner', async () => {
    const ws = await world.workspace();
    const ana = await ws.member('Ana Pérez');
    const bo = await ws.member('Bo Chen');
    const c = await ws.conversation('Customer One', '34611111111@c.us');
    const won = await ana.api.assignment.claim({ conversationId: c.id });
    expect(won.conversation.ownerId).toBe(ana.id);
    const err = await refusal(bo.api.assignment.claim({ conversationId: c.id }));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toContain('Ana Pérez');
    expect((err.cause as unknown as { details: { ownerId: string } }).details.ownerId).toBe(ana.id);
    const again = await ana.api.assignment.claim({ conversationId: c.id });
    expect(again.changed).toBe(false);
  });

  it('handoff needs the owner (or a manager) and a note; the new owner sees it in the timeline', async () => {
    const ws = await world.workspace();
    const ana = await ws.member('Ana');
    const bo = await ws.member('Bo');
    const c = await ws.conversation('Lead', '34622222222@c.us');
    await ana.api.assignment.claim({ conversationId: c.id });
    expect((await refusal(bo.api.assignment.handoff({ conversationId: c.id, memberId: bo.id, note: 'mine now' }))).code).toBe('CONFLICT');
    await expect(ana.api.assignment.handoff({ conversationId: c.id, memberId: bo.id, note: '' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await ana.api.assignment.handoff({ conversationId: c.id, memberId: bo.id, note: 'Wants the annual plan; send the quote' });
    const ctx = await bo.api.conversations.context({ conversationId: c.id });
    expect(ctx.conversation.ownerId).toBe(bo.id);
    const handoff = ctx.timeline.find((e) => e.type === 'ownership.handed_off');
    expect(handoff?.data).toMatchObject({ from: ana.id, to: bo.id, note: 'Wants the annual plan; send the quote' });
  });

  it('take over: managers may, agents only where the workspace allows', async () => {
    const ws = await world.workspace();
    const ana = await ws.member('Ana');
    const bo = await ws.member('Bo');
    const mia = await ws.member('Mia', 'manager');
    const c = await ws.conversation('VIP', '34633333333@c.us');
    await ana.api.assignment.claim({ conversationId: c.id });
    expect((await refusal(bo.api.assignment.takeOver({ conversationId: c.id, reason: 'Ana is out' }))).code).toBe('FORBIDDEN');
    const out = await mia.api.assignment.takeOver({ conversationId: c.id, reason: 'Ana is out sick' });
    expect(out.conversation.ownerId).toBe(mia.id);
  });

  it('agents cannot assign chats they do not own; managers can; release returns it to the queue', async () => {
    const ws = await world.workspace();
    const ana = await ws.member('Ana');
    const bo = await ws.member('Bo');
    const mia = await ws.member('Mia', 'manager');
    const c = await ws.conversation('Shop', '34644444444@c.us');
    expect((await refusal(ana.api.assignment.assign({ conversationId: c.id, memberId: bo.id }))).code).toBe('FORBIDDEN');
    await mia.api.assignment.assign({ conversationId: c.id, memberId: bo.id });
    expect((await refusal(ana.api.assignment.release({ conversationId: c.id }))).code).toBe('CONFLICT');
    const released = await bo.api.assignment.release({ conversationId: c.id });
    expect(released.conversation.ownerId).toBeNull();
  });

  it('an idempotency key applies a retried mutation once', async () => {
    const ws = await world.workspace();
    const ana = await ws.member('Ana');
    const c = await ws.conversation('Retry', '34655555555@c.us');
    const a = await ana.api.assignment.claim({ conversationId: c.id, idempotencyKey: 'outbox-0001' });
    const b = await ana.api.assignment.claim({ conversationId: c.id, idempotencyKey: 'outbox-0001' });
    expect(b).toEqual(a);
    const events = await world.store.db
      .selectFrom('events')
      .select('type')
      .where('conversation_id', '=', c.id)
      .where('type', '=', 'ownership.claimed')
      .execute();
    expect(events).toHaveLength(1);
  });
});

describe('idempotency keys', () => {
  it('a key reused by another member or for another chat is refused, not replayed', async () => {
    const ws = await world.workspace();
    const ana = await ws.member('Ana');
    const bo = await ws.member('Bo');
    const c1 = await ws.conversation('One', '34666600001@c.us');
    const c2 = await ws.conversation('Two', '34666600002@c.us');
    await ana.api.assignment.claim({ conversationId: c1.id, idempotencyKey: 'shared-key-0001' });
    await expect(bo.api.assignment.claim({ conversationId: c1.id, idempotencyKey: 'shared-key-0001' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(ana.api.assignment.claim({ conversationId: c2.id, idempotencyKey: 'shared-key-0001' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect((await ana.api.conversations.get({ conversationId: c2.id })).ownerId).toBeNull();
  });
});
