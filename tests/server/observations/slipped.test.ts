import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, manualClock } from '../support/harness';
import { storeFactories } from '../support/stores';

const SEC = 1_000;
const key = () => randomUUID();

/** Sends that leave past the guard are slipped collisions, on both stores, on a clock moved by hand. */
describe.each(storeFactories)('slipped sends: $name', (factory) => {
  let opened: Awaited<ReturnType<typeof factory.open>>;
  let world: Awaited<ReturnType<typeof createWorld>>;
  const clock = manualClock();
  beforeAll(async () => {
    opened = await factory.open();
    world = await createWorld({ store: opened.store, now: clock.now, lockTtlMs: 15 * SEC });
  });
  afterAll(async () => {
    world?.hub.close();
    await opened?.store.close();
    await opened?.cleanup();
  });

  async function team(name: string) {
    const ws = await world.workspace(name);
    const ana = await ws.member('Ana Pérez');
    const bo = await ws.member('Bo Chen');
    const types = async (conversationId: string) => (await ws.admin.api.conversations.context({ conversationId })).timeline.map((e) => e.type);
    return { ws, ana, bo, types };
  }

  it('a report on a lease that ended before the send, in a chat another member then owned, is slipped', async () => {
    const { ws, ana, bo, types } = await team('Late lease');
    const c = await ws.conversation('Cliente 1', '34611100001@c.us');
    const t0 = clock.now();
    await ana.api.assignment.claim({ conversationId: c.id });
    const grant = await ana.api.locks.acquire({ conversationId: c.id });
    // The laptop sleeps past the lease; meanwhile the manager gives the chat to Bo (no new token is issued).
    clock.advance(20 * SEC);
    await ws.admin.api.assignment.assign({ conversationId: c.id, memberId: bo.id, note: 'Bo takes this one' });
    const r = await ana.api.observations.send({ conversationId: c.id, token: grant.token, at: clock.now(), messageId: '3EB0LATE0001', idempotencyKey: key() });
    expect(r).toMatchObject({ accepted: true, slipped: true });
    const timeline = await types(c.id);
    expect(timeline).toContain('send.slipped');
    expect(timeline).not.toContain('send.reported');
    const summary = await ws.admin.api.metrics.summary({ from: t0, to: clock.now() + SEC });
    expect(summary.collisions).toMatchObject({ slipped: 1, held: 0 });
  });

  it('a late report in a chat the sender still owns stays a guarded reply', async () => {
    const { ws, ana, types } = await team('Still mine');
    const c = await ws.conversation('Cliente 2', '34611100002@c.us');
    await ana.api.assignment.claim({ conversationId: c.id });
    const grant = await ana.api.locks.acquire({ conversationId: c.id });
    clock.advance(20 * SEC);
    const r = await ana.api.observations.send({ conversationId: c.id, token: grant.token, at: clock.now(), idempotencyKey: key() });
    expect(r).toMatchObject({ accepted: true, slipped: false });
    expect(await types(c.id)).toContain('send.reported');
  });

  it('a send made while the lease was valid and reported after the chat moved is a guarded reply', async () => {
    const { ws, ana, bo, types } = await team('Sent in time');
    const c = await ws.conversation('Cliente 3', '34611100003@c.us');
    await ana.api.assignment.claim({ conversationId: c.id });
    const grant = await ana.api.locks.acquire({ conversationId: c.id });
    const sentAt = clock.advance(5 * SEC);
    clock.advance(60 * SEC);
    await ws.admin.api.assignment.assign({ conversationId: c.id, memberId: bo.id, note: 'Bo takes this one' });
    const r = await ana.api.observations.send({ conversationId: c.id, token: grant.token, at: sentAt, idempotencyKey: key() });
    expect(r).toMatchObject({ accepted: true, slipped: false });
    expect(await types(c.id)).not.toContain('send.slipped');
  });

  it("an unguarded send in a teammate's chat is slipped, names the owner and counts beside held sends", async () => {
    const { ws, ana, bo } = await team('Unguarded');
    const owned = await ws.conversation('Cliente 4', '34611100004@c.us');
    const free = await ws.conversation('Cliente 5', '34611100005@c.us');
    const t0 = clock.now();
    await ana.api.assignment.claim({ conversationId: owned.id });
    const r = await bo.api.observations.unguarded({ conversationId: owned.id, at: clock.now(), messageId: '3EB0SLIP0001', path: 'unknown: svg wds-ic-rocket' });
    expect(r).toMatchObject({ recorded: true, slipped: true });
    const ctx = await ws.admin.api.conversations.context({ conversationId: owned.id });
    const slipped = ctx.timeline.find((e) => e.type === 'send.slipped')!;
    expect(slipped.data).toMatchObject({ memberId: bo.id, ownerId: ana.id, messageId: '3EB0SLIP0001', path: 'unknown: svg wds-ic-rocket' });
    // The same message seen again (another tab on the number) changes nothing.
    expect(await bo.api.observations.unguarded({ conversationId: owned.id, at: clock.now(), messageId: '3EB0SLIP0001', path: 'x' })).toMatchObject({
      recorded: false,
    });
    // In an unowned chat the same kind of send is a plain outgoing message.
    expect(await bo.api.observations.unguarded({ conversationId: free.id, at: clock.now(), messageId: '3EB0FREE0001', path: 'x' })).toMatchObject({
      recorded: true,
      slipped: false,
    });
    clock.advance(5 * 60 * SEC);
    const summary = await ws.admin.api.metrics.summary({ from: t0, to: clock.now() });
    expect(summary.collisions).toMatchObject({ slipped: 1, held: 0 });
    // The slipped message has a known sender; the one in the free chat is the only unattributed one.
    expect(summary.unattributedSends?.count).toBe(1);
  });

  it('rejects a report without a message id or fingerprint, or without a path', async () => {
    const { ws, bo } = await team('Bad input');
    const c = await ws.conversation('Cliente 6', '34611100006@c.us');
    await expect(bo.api.observations.unguarded({ conversationId: c.id, at: clock.now(), path: 'x' })).rejects.toThrow();
    await expect(bo.api.observations.unguarded({ conversationId: c.id, at: clock.now(), messageId: 'a', path: '' })).rejects.toThrow();
  });
});
