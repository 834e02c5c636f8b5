import { afterEach, describe, expect, it } from 'vitest';
import type { EventView } from '../../../utils/schemas/events';
import { createWorld } from '../support/harness';

describe('the live feed carries the change', () => {
  let close: () => Promise<void> = async () => undefined;
  afterEach(() => close());

  it("each event of a conversation arrives with the conversation's view, so no rep has to ask for it", async () => {
    const world = await createWorld();
    close = world.close;
    const ws = await world.workspace();
    const ana = await ws.member('Ana Pérez');
    const chat = await ws.conversation('Lucia', '34611122233@c.us');
    const from = (await ws.admin.api.events.head()).lastEventId;
    const abort = new AbortController();
    const got: EventView[] = [];
    const reading = (async () => {
      for await (const e of world.hub.subscribe(ws.id, from, abort.signal)) {
        got.push(e);
        if (got.length === 3) abort.abort();
      }
    })();
    await ana.api.assignment.claim({ conversationId: chat.id });
    await ana.api.status.set({ conversationId: chat.id, status: 'pending' });
    await ws.admin.api.members.setAvailability({ availability: 'away' });
    await reading;
    const [claimed, pending, away] = got;
    expect(claimed).toMatchObject({ type: 'ownership.claimed', conversation: { id: chat.id, ownerId: ana.id } });
    expect(pending).toMatchObject({ type: 'status.changed', conversation: { id: chat.id, status: 'pending' } });
    // The view is the conversation as the feed read it: never older than the event it rides on.
    expect(claimed.conversation!.version).toBeGreaterThanOrEqual(chat.version + 1);
    expect(away.type).toBe('member.updated');
    expect(away.conversation).toBeUndefined();
  });
});

describe('a handoff request on the live feed', () => {
  it("reaches the owner with the request in the conversation's view, and the answer clears it", async () => {
    const world = await createWorld();
    try {
      const ws = await world.workspace();
      const ana = await ws.member('Ana Pérez');
      const bo = await ws.member('Bo Chen');
      const chat = await ws.conversation('Lucia', '34611122244@c.us');
      await ana.api.assignment.claim({ conversationId: chat.id });
      const from = (await ws.admin.api.events.head()).lastEventId;
      const abort = new AbortController();
      const got: EventView[] = [];
      let first = () => undefined as void;
      const firstArrived = new Promise<void>((resolve) => (first = resolve));
      const reading = (async () => {
        for await (const e of world.hub.subscribe(ws.id, from, abort.signal)) {
          got.push(e);
          first();
          if (got.length === 2) abort.abort();
        }
      })();
      await bo.api.assignment.requestHandoff({ conversationId: chat.id, note: 'I know them' });
      // The view rides on the event as the feed reads it: answer only once the request was delivered.
      await firstArrived;
      await ana.api.assignment.answerHandoff({ conversationId: chat.id, requestedBy: bo.id, accept: false });
      await reading;
      const [requested, declined] = got;
      expect(requested).toMatchObject({ type: 'handoff.requested', actorId: bo.id, data: { requestedBy: bo.id, ownerId: ana.id, note: 'I know them' } });
      expect(requested.conversation!.handoffRequests).toEqual([{ requestedBy: bo.id, ownerId: ana.id, note: 'I know them', at: expect.any(Number) }]);
      expect(declined).toMatchObject({ type: 'handoff.declined', actorId: ana.id, data: { requestedBy: bo.id, by: ana.id } });
      expect(declined.conversation!.handoffRequests).toEqual([]);
    } finally {
      await world.close();
    }
  });
});
