import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, manualClock } from '../support/harness';

describe('a claim made to send takes the reply lock in the same call', () => {
  let close: () => Promise<void> = async () => undefined;
  afterEach(() => close());

  it('withLock: the view carries the lock; the send report with its token passes; a teammate is refused', async () => {
    const clock = manualClock();
    const world = await createWorld({ now: clock.now });
    close = world.close;
    const ws = await world.workspace();
    const [ana, bo] = [await ws.member('Ana Pérez'), await ws.member('Bo Chen')];
    const chat = await ws.conversation('Lucia', '34611122244@c.us');
    const out = await ana.api.assignment.claim({ conversationId: chat.id, withLock: true });
    expect(out.conversation).toMatchObject({ ownerId: ana.id, lock: { holderId: ana.id, expiresAt: clock.now() + 15_000 } });
    const token = out.conversation.lock!.token;
    const timeline = (await ws.admin.api.conversations.context({ conversationId: chat.id })).timeline.map((e) => e.type);
    expect(timeline.slice(-2)).toEqual(['ownership.claimed', 'lock.acquired']);
    await expect(bo.api.locks.acquire({ conversationId: chat.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    clock.advance(2_000);
    await expect(ana.api.observations.send({ conversationId: chat.id, token, at: clock.now(), idempotencyKey: 'send-after-claim-1' })).resolves.toMatchObject({
      accepted: true,
    });
  });

  it('a plain claim (from the header bar) takes no lock, so nobody is shown as replying', async () => {
    const world = await createWorld();
    close = world.close;
    const ws = await world.workspace();
    const ana = await ws.member('Ana Pérez');
    const chat = await ws.conversation('Marta', '34611122255@c.us');
    expect((await ana.api.assignment.claim({ conversationId: chat.id })).conversation.lock).toBeNull();
  });
});
