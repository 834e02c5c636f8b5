import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { rotateWebhookSecret } from '../../../server/services/automation/secrets';
import { handleAutomationWebhook } from '../../../server/webhook/handler';
import { routingWorld } from '../routing/support';
import { openStoreForSuite, storeFactories } from '../support/stores';
import { signed } from '../automation/support';

describe.each(storeFactories)('a webhook delivery is all or nothing: $name', (factory) => {
  const opened = openStoreForSuite(factory);

  it('a delivery that fails after finding no chat leaves no channel, conversation or event behind', async () => {
    const w = await routingWorld(opened().store);
    const { secret } = await rotateWebhookSecret(w.world.deps, w.ws.id);
    const deliver = (body: unknown) => {
      const d = signed(secret, body, { nowMs: w.clock.now() });
      return handleAutomationWebhook(w.world.deps, w.ws.id, d.headers, d.raw);
    };
    const db = opened().store.db;
    const count = async (table: 'channels' | 'conversations' | 'events') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('workspace_id', '=', w.ws.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const counts = async () => ({ channels: await count('channels'), conversations: await count('conversations'), events: await count('events') });
    const before = await counts();
    // A real failure in the middle of the delivery: the step's table is gone.
    await sql`drop table flow_steps`.execute(db);
    const step = {
      type: 'flow.step',
      eventId: 'evt-fails-0001',
      channelWid: '34699900077',
      phone: '+34612340077',
      name: 'New lead',
      flow: 'welcome',
      step: 'ask',
      at: w.clock.now(),
    };
    await expect(deliver(step)).rejects.toThrow(/flow_steps/);
    expect(await counts()).toEqual(before);
    // The same lead's next delivery, one that can succeed, creates the chat then: nothing half-made was in its way.
    const reply = await deliver({ type: 'bot.reply', eventId: 'evt-works-0001', channelWid: '34699900077', phone: '+34612340077', at: w.clock.now() });
    expect(reply).toMatchObject({ status: 200, body: { ok: true, duplicate: false } });
    expect(await counts()).toEqual({ channels: before.channels + 1, conversations: before.conversations + 1, events: before.events + 2 });
    w.close();
  });
});
