import { describe, expect, it } from 'vitest';
import { storeFactories } from '../support/stores';
import { worldForSuite, type World } from '../support/world-suite';
import { refusal } from '../support/refusal';

const details = (err: { cause?: unknown }) => (err.cause as { details?: Record<string, unknown> } | undefined)?.details ?? {};

describe.each(storeFactories)('handoff requests on $name', (factory) => {
  const worldNow = worldForSuite(factory);
  let seq = 0;

  async function setup() {
    const world: World = worldNow();
    const ws = await world.workspace(`Team ${++seq}`);
    const ana = await ws.member('Ana Owner');
    const bo = await ws.member('Bo Asker');
    const cy = await ws.member('Cy Other');
    const mia = await ws.member('Mia Manager', 'manager');
    const conv = await ws.conversation(`Customer ${seq}`, `3461100${String(seq).padStart(4, '0')}@c.us`);
    await ana.api.assignment.claim({ conversationId: conv.id });
    const events = async (type: string) =>
      (await world.store.db.selectFrom('events').selectAll().where('conversation_id', '=', conv.id).where('type', '=', type).orderBy('id').execute()).map(
        (e) => ({
          actorId: e.actor_id,
          data: JSON.parse(e.data) as Record<string, unknown>,
        }),
      );
    return { world, ws, ana, bo, cy, mia, conv, events };
  }

  it('a request shows on the conversation at once, with the exact event shape', async () => {
    const { ana, bo, conv, events } = await setup();
    const out = await bo.api.assignment.requestHandoff({ conversationId: conv.id, note: 'The customer asked for me by name' });
    expect(out.changed).toBe(true);
    expect(out.conversation.handoffRequests).toEqual([
      { requestedBy: bo.id, ownerId: ana.id, note: 'The customer asked for me by name', at: expect.any(Number) },
    ]);
    expect((await ana.api.conversations.get({ conversationId: conv.id })).handoffRequests.map((r) => r.requestedBy)).toEqual([bo.id]);
    expect(await events('handoff.requested')).toEqual([
      { actorId: bo.id, data: { requestedBy: bo.id, ownerId: ana.id, note: 'The customer asked for me by name' } },
    ]);
    // Without a note the event has no note key at all.
    const again = await bo.api.assignment.requestHandoff({ conversationId: conv.id });
    expect(again.conversation.handoffRequests).toEqual([{ requestedBy: bo.id, ownerId: ana.id, note: null, at: expect.any(Number) }]);
    expect((await events('handoff.requested'))[1].data).toEqual({ requestedBy: bo.id, ownerId: ana.id });
    // The same request again changes nothing and logs nothing.
    expect((await bo.api.assignment.requestHandoff({ conversationId: conv.id })).changed).toBe(false);
    expect(await events('handoff.requested')).toHaveLength(2);
  });

  it('accept hands the chat to the requester with the request note, in the handoff path', async () => {
    const { ws, ana, bo, conv, events } = await setup();
    await ws.admin.api.routing.setHandoffRule({ handoffNoteRequired: true });
    await bo.api.assignment.requestHandoff({ conversationId: conv.id, note: 'I quoted them yesterday' });
    const lock = await ana.api.locks.acquire({ conversationId: conv.id });
    const out = await ana.api.assignment.answerHandoff({ conversationId: conv.id, requestedBy: bo.id, accept: true, idempotencyKey: 'answer-accept-1' });
    expect(out.conversation.ownerId).toBe(bo.id);
    expect(out.conversation.handoffRequests).toEqual([]);
    // The old owner's reply lock does not survive the handoff.
    expect(out.conversation.lock).toBeNull();
    expect(lock.token).toBeGreaterThan(0);
    const [handedOff] = await events('ownership.handed_off');
    expect(handedOff).toEqual({
      actorId: ana.id,
      data: { from: ana.id, to: bo.id, note: 'I quoted them yesterday', requested: true, version: expect.any(Number) },
    });
    // Replaying the same answer (the outbox after a lost response) applies it once.
    const replay = await ana.api.assignment.answerHandoff({ conversationId: conv.id, requestedBy: bo.id, accept: true, idempotencyKey: 'answer-accept-1' });
    expect(replay.eventId).toBe(out.eventId);
    expect(await events('ownership.handed_off')).toHaveLength(1);
    // Bo owns it now and can take the reply lock to send.
    expect((await bo.api.locks.acquire({ conversationId: conv.id })).token).toBeGreaterThan(lock.token);
  });

  it('decline keeps the owner, drops the request and says who declined', async () => {
    const { ana, bo, cy, conv, events } = await setup();
    await bo.api.assignment.requestHandoff({ conversationId: conv.id });
    await cy.api.assignment.requestHandoff({ conversationId: conv.id, note: 'me too' });
    const out = await ana.api.assignment.answerHandoff({ conversationId: conv.id, requestedBy: bo.id, accept: false });
    expect(out.conversation.ownerId).toBe(ana.id);
    expect(out.conversation.handoffRequests.map((r) => r.requestedBy)).toEqual([cy.id]);
    expect(await events('handoff.declined')).toEqual([{ actorId: ana.id, data: { requestedBy: bo.id, by: ana.id } }]);
    // Declining a request that is gone is refused with a reason.
    const gone = await refusal(ana.api.assignment.answerHandoff({ conversationId: conv.id, requestedBy: bo.id, accept: false }));
    expect(gone.code).toBe('BAD_REQUEST');
    expect(details(gone).reason).toBe('no-handoff-request');
  });

  it('a change of owner by any path drops the pending requests', async () => {
    const { ana, bo, cy, mia, conv } = await setup();
    await bo.api.assignment.requestHandoff({ conversationId: conv.id, note: 'mine?' });
    const handed = await ana.api.assignment.handoff({ conversationId: conv.id, memberId: cy.id, note: 'Cy knows this customer' });
    expect(handed.conversation.handoffRequests).toEqual([]);
    // Ownership coming back to Ana does not bring Bo's old request back.
    await cy.api.assignment.handoff({ conversationId: conv.id, memberId: ana.id, note: 'back to you' });
    expect((await ana.api.conversations.get({ conversationId: conv.id })).handoffRequests).toEqual([]);
    expect((await refusal(ana.api.assignment.answerHandoff({ conversationId: conv.id, requestedBy: bo.id, accept: true }))).code).toBe('BAD_REQUEST');
    await bo.api.assignment.requestHandoff({ conversationId: conv.id });
    expect((await mia.api.assignment.takeOver({ conversationId: conv.id, reason: 'Ana is out' })).conversation.handoffRequests).toEqual([]);
    await cy.api.assignment.requestHandoff({ conversationId: conv.id });
    expect((await mia.api.assignment.release({ conversationId: conv.id })).conversation.handoffRequests).toEqual([]);
  });

  it('roles: the owner cannot request, nobody asks for an unowned chat, only the owner or a manager answers', async () => {
    const { ana, bo, cy, mia, conv, ws } = await setup();
    const own = await refusal(ana.api.assignment.requestHandoff({ conversationId: conv.id }));
    expect([own.code, details(own).reason]).toEqual(['BAD_REQUEST', 'already-theirs']);
    const free = await ws.conversation('Nobody owns me', '34622200001@c.us');
    const unowned = await refusal(bo.api.assignment.requestHandoff({ conversationId: free.id }));
    expect([unowned.code, details(unowned).reason]).toEqual(['BAD_REQUEST', 'nobody-owns']);
    await bo.api.assignment.requestHandoff({ conversationId: conv.id });
    for (const who of [bo, cy]) {
      const err = await refusal(who.api.assignment.answerHandoff({ conversationId: conv.id, requestedBy: bo.id, accept: true }));
      expect([err.code, details(err).reason]).toEqual(['FORBIDDEN', 'owner-answers']);
    }
    expect((await ana.api.conversations.get({ conversationId: conv.id })).ownerId).toBe(ana.id);
    // A manager answers for the owner.
    const out = await mia.api.assignment.answerHandoff({ conversationId: conv.id, requestedBy: bo.id, accept: true });
    expect(out.conversation.ownerId).toBe(bo.id);
    // A manager may ask too (any member but the owner).
    expect((await mia.api.assignment.requestHandoff({ conversationId: conv.id })).conversation.handoffRequests.map((r) => r.requestedBy)).toEqual([mia.id]);
  });

  it('bad input is refused with the field named', async () => {
    const { ana, bo, conv } = await setup();
    await expect(bo.api.assignment.requestHandoff({ conversationId: conv.id, note: '   ' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('note'),
    });
    await expect(bo.api.assignment.requestHandoff({ conversationId: conv.id, note: 'x'.repeat(2001) })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(ana.api.assignment.answerHandoff({ conversationId: conv.id, requestedBy: bo.id } as never)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('accept'),
    });
    await expect(ana.api.assignment.answerHandoff({ conversationId: conv.id, requestedBy: '', accept: true })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('requestedBy'),
    });
    await expect(ana.api.assignment.answerHandoff({ conversationId: conv.id, requestedBy: 'mem_nobody', accept: true })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(bo.api.assignment.requestHandoff({ conversationId: 'conv_nothere' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe.each(storeFactories)('moving a chat to another queue on $name', (factory) => {
  const worldNow = worldForSuite(factory);

  it('the owner or a manager moves an owned chat; any member an unowned one; an event each time', async () => {
    const world = worldNow();
    const ws = await world.workspace('Queues');
    const ana = await ws.member('Ana');
    const bo = await ws.member('Bo');
    const mia = await ws.member('Mia', 'manager');
    const conv = await ws.conversation('Queue mover', '34633300001@c.us');
    expect((await bo.api.status.setQueue({ conversationId: conv.id, queue: 'pre-sales' })).conversation.queue).toBe('pre-sales');
    await ana.api.assignment.claim({ conversationId: conv.id });
    const err = await refusal(bo.api.status.setQueue({ conversationId: conv.id, queue: 'escalation' }));
    expect([err.code, details(err).reason, details(err).ownerName]).toEqual(['CONFLICT', 'owned-by-other', 'Ana']);
    expect((await ana.api.status.setQueue({ conversationId: conv.id, queue: 'escalation' })).conversation.queue).toBe('escalation');
    expect((await mia.api.status.setQueue({ conversationId: conv.id, queue: 'post-sale' })).conversation.queue).toBe('post-sale');
    const moves = await world.store.db
      .selectFrom('events')
      .selectAll()
      .where('conversation_id', '=', conv.id)
      .where('type', '=', 'conversation.queue_changed')
      .orderBy('id')
      .execute();
    expect(moves.map((e) => [e.actor_id, JSON.parse(e.data)])).toEqual([
      [bo.id, { from: 'support', to: 'pre-sales' }],
      [ana.id, { from: 'pre-sales', to: 'escalation' }],
      [mia.id, { from: 'escalation', to: 'post-sale' }],
    ]);
    await expect(ana.api.status.setQueue({ conversationId: conv.id, queue: '' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
