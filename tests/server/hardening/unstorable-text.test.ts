import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { setLabels } from '../../../server/services/conversation-attributes';
import { storeFactories } from '../support/stores';
import { worldForSuite } from '../support/world-suite';

const NUL = 'vip\u0000';
const LONE_HIGH = 'caf\uD83D';
const LONE_LOW = '\uDE00x';
const STORED = [NUL, LONE_HIGH, LONE_LOW].sort();

async function refusal(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TRPCError);
  return err as TRPCError;
}

describe.each(storeFactories)('text no store can keep: $name', (factory) => {
  const worldNow = worldForSuite(factory);

  it('refuses NUL and unpaired surrogates in labels, notes, titles, names and ids with BAD_REQUEST naming the field', async () => {
    const ws = await worldNow().workspace('Refuse');
    const c = await ws.conversation('Refuse chat', '34611100001@c.us');
    const api = ws.admin.api;
    for (const bad of [NUL, LONE_HIGH, LONE_LOW]) {
      const cases: Array<[string, Promise<unknown>]> = [
        ['labels', api.status.setLabels({ conversationId: c.id, labels: [bad] })],
        ['body', api.notes.add({ conversationId: c.id, body: bad })],
        ['title', api.conversations.resolve({ channelId: ws.channelId, title: bad })],
        ['name', api.members.invite({ name: bad, role: 'agent' })],
        ['conversationId', api.conversations.get({ conversationId: bad })],
        ['idempotencyKey', api.assignment.claim({ conversationId: c.id, idempotencyKey: `key-${bad}-0000` })],
        ['queue', api.status.setQueue({ conversationId: c.id, queue: bad })],
      ];
      for (const [field, call] of cases) {
        const err = await refusal(call);
        expect({ field, code: err.code }).toEqual({ field, code: 'BAD_REQUEST' });
        expect(err.message).toContain(`"${field}"`);
        expect(err.message).toMatch(/U\+0000 or unpaired surrogates/);
      }
    }
    // A paired surrogate (an emoji) is ordinary text.
    const ok = await api.status.setLabels({ conversationId: c.id, labels: ['vip 😀'] });
    expect(ok.conversation.labels).toEqual(['vip 😀']);
  });

  it('a stored response holding such text does not poison the chat: later keyed mutations and replays still work', async () => {
    const world = worldNow();
    const ws = await world.workspace('Poison');
    const c = await ws.conversation('Poison chat', '34611100002@c.us');
    // Rows written before the schema refused such text (or by any other path) must not break the chat.
    const first = await setLabels(world.deps, ws.admin.actor, c.id, [NUL, LONE_HIGH, LONE_LOW], 'labels-key-0001');
    expect(first.conversation.labels).toEqual(STORED);
    const api = ws.admin.api;
    const held = await api.status.setPriority({ conversationId: c.id, priority: 'high', idempotencyKey: 'prio-key-0001' });
    expect(held.conversation.labels).toEqual(STORED);
    const claimed = await api.assignment.claim({ conversationId: c.id, idempotencyKey: 'claim-key-0001' });
    expect(claimed.conversation.ownerId).toBe(ws.admin.id);
    const replay = await setLabels(world.deps, ws.admin.actor, c.id, ['ignored'], 'labels-key-0001');
    expect(replay).toEqual(first);
    expect(await api.status.setPriority({ conversationId: c.id, priority: 'high', idempotencyKey: 'prio-key-0001' })).toEqual(held);
  });
});
