import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, manualClock } from '../support/harness';
import { refusal } from '../support/refusal';

type World = Awaited<ReturnType<typeof createWorld>>;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const TTL = 15_000;

let world: World;
let clock: ReturnType<typeof manualClock>;
beforeEach(async () => {
  clock = manualClock();
  world = await createWorld({ now: clock.now, lockTtlMs: TTL });
});
afterEach(() => world.close());

async function setup() {
  const ws = await world.workspace();
  const ana = await ws.member('Ana Pérez');
  const bo = await ws.member('Bo Chen');
  const cy = await ws.member('Cy Diaz');
  const conv = await ws.conversation('Maria Lopez', '34611111111@c.us');
  return { ws, ana, bo, cy, conv };
}

const eventsOf = (conversationId: string, type?: string) => {
  let q = world.store.db.selectFrom('events').selectAll().where('conversation_id', '=', conversationId);
  if (type) q = q.where('type', '=', type);
  return q.orderBy('id').execute();
};
const lastEventId = async (workspaceId: string) =>
  Number((await world.store.db.selectFrom('workspaces').select('last_event_id').where('id', '=', workspaceId).executeTakeFirstOrThrow()).last_event_id);

async function setSettings(workspaceId: string, patch: Record<string, unknown>) {
  const row = await world.store.db.selectFrom('workspaces').select('settings').where('id', '=', workspaceId).executeTakeFirstOrThrow();
  await world.store.db
    .updateTable('workspaces')
    .set({ settings: JSON.stringify({ ...JSON.parse(row.settings), ...patch }) })
    .where('id', '=', workspaceId)
    .execute();
}

describe('status transitions through the procedures', () => {
  it('a snooze ends by itself when its time passes, with no job running', async () => {
    const { ana, conv } = await setup();
    const until = clock.now() + HOUR;
    const snoozed = await ana.api.status.set({ conversationId: conv.id, status: 'snoozed', snoozedUntil: until });
    expect(snoozed.conversation).toMatchObject({ status: 'snoozed', snoozedUntil: until });
    clock.advance(HOUR - 1);
    expect((await ana.api.conversations.get({ conversationId: conv.id })).status).toBe('snoozed');
    clock.advance(1);
    expect((await ana.api.conversations.get({ conversationId: conv.id })).status).toBe('open');
    expect((await ana.api.conversations.list({})).find((c) => c.id === conv.id)?.status).toBe('open');
    expect((await ana.api.conversations.context({ conversationId: conv.id })).conversation.status).toBe('open');
  });

  it('snoozing needs a future wake time', async () => {
    const { ana, conv } = await setup();
    for (const snoozedUntil of [undefined, clock.now(), clock.now() - 1]) {
      const err = await refusal(ana.api.status.set({ conversationId: conv.id, status: 'snoozed', snoozedUntil }));
      expect(err.code).toBe('BAD_REQUEST');
      expect(err.message).toMatch(/snoozedUntil/);
    }
    expect((await ana.api.conversations.get({ conversationId: conv.id })).version).toBe(conv.version);
  });

  it('the bot status is refused to humans', async () => {
    const { ana, conv } = await setup();
    const err = await refusal(ana.api.status.set({ conversationId: conv.id, status: 'bot' }));
    expect(err).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('automation') });
  });

  it('resolving needs a closing reason when the workspace says so', async () => {
    const { ws, ana, conv } = await setup();
    await setSettings(ws.id, { requireResolveReason: true });
    const err = await refusal(ana.api.status.set({ conversationId: conv.id, status: 'resolved' }));
    expect(err).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('closing reason') });
    expect((await ana.api.conversations.get({ conversationId: conv.id })).status).toBe('open');
    const out = await ana.api.status.set({ conversationId: conv.id, status: 'resolved', reason: 'Sold the annual plan' });
    expect(out.conversation.status).toBe('resolved');
    const [changed] = await eventsOf(conv.id, 'status.changed');
    expect(JSON.parse(changed.data)).toEqual({ from: 'open', to: 'resolved', episode: 1, reason: 'Sold the annual plan' });
  });

  it('resolving needs no reason when the setting is off (the default)', async () => {
    const { ana, conv } = await setup();
    await expect(ana.api.status.set({ conversationId: conv.id, status: 'resolved' })).resolves.toMatchObject({ conversation: { status: 'resolved' } });
  });

  it('a customer message on a resolved chat opens a new episode waiting since that message', async () => {
    const { ana, bo, conv } = await setup();
    await ana.api.status.set({ conversationId: conv.id, status: 'resolved' });
    clock.advance(HOUR);
    const at = clock.now() - 2_000;
    const out = await bo.api.observations.message({ conversationId: conv.id, direction: 'in', at, messageId: 'in-after-resolve' });
    expect(out.conversation).toMatchObject({ status: 'open', episode: 2, waitingSince: at });
    const [changed] = (await eventsOf(conv.id, 'status.changed')).slice(-1);
    expect(JSON.parse(changed.data)).toEqual({ from: 'resolved', to: 'open', episode: 2, cause: 'customer-message' });
    const stored = await world.store.db.selectFrom('messages').select(['episode']).where('conversation_id', '=', conv.id).executeTakeFirstOrThrow();
    expect(stored.episode).toBe(1);
  });

  it('a customer message wakes a snoozed chat and moves a pending one back to open', async () => {
    const { ana, conv } = await setup();
    await ana.api.status.set({ conversationId: conv.id, status: 'snoozed', snoozedUntil: clock.now() + HOUR });
    const woke = await ana.api.observations.message({ conversationId: conv.id, direction: 'in', at: clock.now(), messageId: 'wake-1' });
    expect(woke.conversation).toMatchObject({ status: 'open', snoozedUntil: null, episode: 1 });
    await ana.api.status.set({ conversationId: conv.id, status: 'pending' });
    const back = await ana.api.observations.message({ conversationId: conv.id, direction: 'in', at: clock.now(), messageId: 'wake-2' });
    expect(back.conversation).toMatchObject({ status: 'open', episode: 1 });
  });
});

describe('observations', () => {
  it('one inbound message seen by three browsers is stored once and announced once', async () => {
    const { ana, bo, cy, conv } = await setup();
    const at = clock.now() - 1_000;
    const before = await lastEventId(conv.workspaceId);
    const results = [];
    for (const m of [ana, bo, cy])
      results.push(await m.api.observations.message({ conversationId: conv.id, direction: 'in', at, messageId: 'false_34611111111@c.us_3EB0AAA' }));
    expect(results.map((r) => r.recorded)).toEqual([true, false, false]);
    expect(results.map((r) => r.conversation.version)).toEqual([conv.version + 1, conv.version + 1, conv.version + 1]);
    expect(await world.store.db.selectFrom('messages').selectAll().where('conversation_id', '=', conv.id).execute()).toHaveLength(1);
    expect(await eventsOf(conv.id, 'message.observed')).toHaveLength(1);
    expect((await lastEventId(conv.workspaceId)) - before).toBe(1);
    expect(results[0].conversation.waitingSince).toBe(at);
  });

  it('browsers without a message id agree through the fingerprint', async () => {
    const { ana, bo, conv } = await setup();
    const a = await ana.api.observations.message({ conversationId: conv.id, direction: 'in', at: 1, fingerprint: 'fp-hello-0901' });
    const b = await bo.api.observations.message({ conversationId: conv.id, direction: 'in', at: 1, fingerprint: 'fp-hello-0901' });
    const c = await bo.api.observations.message({ conversationId: conv.id, direction: 'in', at: 2, fingerprint: 'fp-hello-0902' });
    expect([a.recorded, b.recorded, c.recorded]).toEqual([true, false, true]);
    expect(await eventsOf(conv.id, 'message.observed')).toHaveLength(2);
  });

  it.each([
    ['observed first, then the send report', true],
    ['send report first, then observed', false],
  ])('an outgoing message is attributed to the guarded send with its id (%s)', async (_name, observedFirst) => {
    const { ana, bo, conv } = await setup();
    await ana.api.assignment.claim({ conversationId: conv.id });
    await ana.api.observations.message({ conversationId: conv.id, direction: 'in', at: clock.now(), messageId: 'customer-1' });
    const lock = await ana.api.locks.acquire({ conversationId: conv.id });
    const out = { conversationId: conv.id, direction: 'out' as const, at: clock.now(), messageId: 'true_34611111111@c.us_3EB0BBB' };
    if (observedFirst) await bo.api.observations.message(out);
    const sent = await ana.api.observations.send({
      conversationId: conv.id,
      token: lock.token,
      at: out.at,
      messageId: out.messageId,
      idempotencyKey: 'send-attr-0001',
    });
    if (!observedFirst) expect((await bo.api.observations.message(out)).recorded).toBe(false);
    expect(sent.accepted).toBe(true);
    expect(sent.conversation).toMatchObject({ waitingSince: null, lock: null });
    const row = await world.store.db
      .selectFrom('messages')
      .selectAll()
      .where('conversation_id', '=', conv.id)
      .where('message_id', '=', out.messageId)
      .execute();
    expect(row).toHaveLength(1);
    expect(row[0]).toMatchObject({ direction: 'out', attributed_to: ana.id });
  });

  it('an outgoing message nobody reports a send for stays unattributed', async () => {
    const { bo, conv } = await setup();
    await bo.api.observations.message({ conversationId: conv.id, direction: 'out', at: clock.now(), messageId: 'true_from_phone' });
    const row = await world.store.db.selectFrom('messages').selectAll().where('message_id', '=', 'true_from_phone').executeTakeFirstOrThrow();
    expect(row.attributed_to).toBeNull();
  });

  it('a send report with a superseded token is CONFLICT stale-lock and changes nothing', async () => {
    const { ana, bo, conv } = await setup();
    await ana.api.observations.message({ conversationId: conv.id, direction: 'in', at: clock.now(), messageId: 'customer-2' });
    const old = await ana.api.locks.acquire({ conversationId: conv.id });
    clock.advance(TTL);
    const fresh = await bo.api.locks.acquire({ conversationId: conv.id });
    expect(fresh.token).toBeGreaterThan(old.token);
    const before = await ana.api.conversations.context({ conversationId: conv.id });
    const eventsBefore = await lastEventId(conv.workspaceId);
    const messagesBefore = await world.store.db.selectFrom('messages').selectAll().execute();
    const err = await refusal(
      ana.api.observations.send({ conversationId: conv.id, token: old.token, at: clock.now(), messageId: 'true_late', idempotencyKey: 'send-stale-0001' }),
    );
    expect(err.code).toBe('CONFLICT');
    expect((err.cause as unknown as { details: { reason: string; holderName: string } }).details).toMatchObject({
      reason: 'stale-lock',
      holderName: 'Bo Chen',
    });
    expect(await ana.api.conversations.context({ conversationId: conv.id })).toEqual(before);
    expect(before.conversation.waitingSince).not.toBeNull();
    expect(await lastEventId(conv.workspaceId)).toBe(eventsBefore);
    expect(await world.store.db.selectFrom('messages').selectAll().execute()).toEqual(messagesBefore);
    // The refusal is not stored under the idempotency key: a retry is refused again, not replayed as a success.
    expect(
      (await refusal(ana.api.observations.send({ conversationId: conv.id, token: old.token, at: clock.now(), idempotencyKey: 'send-stale-0001' }))).code,
    ).toBe('CONFLICT');
  });
});

describe('labels, priority, queue and notes', () => {
  it('labels are de-duplicated and sorted; the same set again is no change', async () => {
    const { ana, conv } = await setup();
    const a = await ana.api.status.setLabels({ conversationId: conv.id, labels: ['vip', ' b2b ', 'vip'] });
    expect(a).toMatchObject({ changed: true, conversation: { labels: ['b2b', 'vip'], version: conv.version + 1 } });
    const b = await ana.api.status.setLabels({ conversationId: conv.id, labels: ['b2b', 'vip'] });
    expect(b).toMatchObject({ changed: false, conversation: { version: conv.version + 1 } });
    const c = await ana.api.status.setLabels({ conversationId: conv.id, labels: [] });
    expect(c.conversation.labels).toEqual([]);
    expect(await eventsOf(conv.id, 'conversation.labels_changed')).toHaveLength(2);
  });

  it('priority changes once per new value', async () => {
    const { ana, conv } = await setup();
    expect((await ana.api.status.setPriority({ conversationId: conv.id, priority: 'urgent' })).conversation.priority).toBe('urgent');
    expect((await ana.api.status.setPriority({ conversationId: conv.id, priority: 'urgent' })).changed).toBe(false);
    const [event] = await eventsOf(conv.id, 'conversation.priority_changed');
    expect(JSON.parse(event.data)).toEqual({ from: 'normal', to: 'urgent' });
  });

  it("the queue must be one of the workspace's queues", async () => {
    const { ws, ana, conv } = await setup();
    expect(conv.queue).toBe('support');
    expect((await ana.api.status.setQueue({ conversationId: conv.id, queue: 'escalation' })).conversation.queue).toBe('escalation');
    const err = await refusal(ana.api.status.setQueue({ conversationId: conv.id, queue: 'no-such-queue' }));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toContain('unknown queue "no-such-queue"');
    expect(err.message).toContain('pre-sales');
    expect((await ana.api.conversations.get({ conversationId: conv.id })).queue).toBe('escalation');
    // A workspace that edits its list gets its own queues.
    await setSettings(ws.id, { queues: ['billing', 'support'] });
    expect((await refusal(ana.api.status.setQueue({ conversationId: conv.id, queue: 'pre-sales' }))).code).toBe('BAD_REQUEST');
    expect((await ana.api.status.setQueue({ conversationId: conv.id, queue: 'billing' })).conversation.queue).toBe('billing');
  });

  it('notes resolve @mentions to member ids by first name or full name without spaces', async () => {
    const { ana, bo, cy, conv } = await setup();
    const body = '@ana, please call her back; cc @BoChen. Thanks @cy. (not @nobody)';
    const out = await ana.api.notes.add({ conversationId: conv.id, body });
    const ctx = await bo.api.conversations.context({ conversationId: conv.id });
    expect(ctx.notes).toHaveLength(1);
    expect(ctx.notes[0]).toMatchObject({ id: out.noteId, authorId: ana.id, body });
    expect([...ctx.notes[0].mentions].sort()).toEqual([ana.id, bo.id, cy.id].sort());
    const note = ctx.timeline.find((e) => e.type === 'note.added');
    expect(note?.data.mentions).toEqual(ctx.notes[0].mentions);
  });

  it('a note that mentions nobody has no mentions, and an empty note is refused', async () => {
    const { ana, conv } = await setup();
    await ana.api.notes.add({ conversationId: conv.id, body: 'email me at someone@example.com' });
    expect((await ana.api.conversations.context({ conversationId: conv.id })).notes[0].mentions).toEqual([]);
    expect((await refusal(ana.api.notes.add({ conversationId: conv.id, body: '   ' }))).code).toBe('BAD_REQUEST');
  });
});

describe('chat identity', () => {
  it('a title-only conversation becomes the JID-keyed one once both are seen, keeping its id', async () => {
    const { ws, ana } = await setup();
    const titled = await ana.api.conversations.resolve({ channelId: ws.channelId, title: '\u200eJuan  Gómez' });
    if (titled.ambiguous) throw new Error('unexpected ambiguity');
    await ana.api.assignment.claim({ conversationId: titled.conversation.id });
    const both = await ana.api.conversations.resolve({ channelId: ws.channelId, title: 'Juan Gómez', jid: '34622222222@c.us' });
    if (both.ambiguous) throw new Error('unexpected ambiguity');
    expect(both.conversation).toMatchObject({
      id: titled.conversation.id,
      jid: '34622222222@c.us',
      chatKey: '34622222222@c.us',
      ownerId: ana.id,
      ambiguous: false,
    });
    const [merged] = await eventsOf(titled.conversation.id, 'conversation.merged');
    expect(JSON.parse(merged.data)).toEqual({ from: 't:juan gómez', to: '34622222222@c.us' });
    // Afterwards the title alone and the JID alone both lead to the same conversation.
    const byTitle = await ana.api.conversations.resolve({ channelId: ws.channelId, title: 'juan gómez' });
    const byJid = await ana.api.conversations.resolve({ channelId: ws.channelId, jid: '34622222222@c.us' });
    expect([byTitle, byJid].map((r) => (r.ambiguous ? null : r.conversation.id))).toEqual([titled.conversation.id, titled.conversation.id]);
    expect((await ana.api.conversations.list({})).filter((c) => c.title.includes('Juan'))).toHaveLength(1);
  });

  it('a title-keyed record seen after its JID-keyed one is merged into it and leaves the list', async () => {
    const { ws, ana } = await setup();
    const titled = await ana.api.conversations.resolve({ channelId: ws.channelId, title: 'Shop Owner' });
    const keyed = await ana.api.conversations.resolve({ channelId: ws.channelId, jid: '34633333333@c.us' });
    if (titled.ambiguous || keyed.ambiguous) throw new Error('unexpected ambiguity');
    expect(keyed.conversation.id).not.toBe(titled.conversation.id);
    const both = await ana.api.conversations.resolve({ channelId: ws.channelId, title: 'Shop Owner', jid: '34633333333@c.us' });
    if (both.ambiguous) throw new Error('unexpected ambiguity');
    expect(both.conversation.id).toBe(keyed.conversation.id);
    const [merged] = await eventsOf(keyed.conversation.id, 'conversation.merged');
    expect(JSON.parse(merged.data)).toMatchObject({ fromId: titled.conversation.id, to: '34633333333@c.us' });
    const ids = (await ana.api.conversations.list({})).map((c) => c.id);
    expect(ids).toContain(keyed.conversation.id);
    expect(ids).not.toContain(titled.conversation.id);
    const byTitle = await ana.api.conversations.resolve({ channelId: ws.channelId, title: 'Shop Owner' });
    expect(byTitle.ambiguous ? null : byTitle.conversation.id).toBe(keyed.conversation.id);
  });

  it('one title seen for two JIDs is ambiguous: the title alone returns both candidates and the JID-keyed resolve says so', async () => {
    const { ws, ana } = await setup();
    const first = await ana.api.conversations.resolve({ channelId: ws.channelId, title: 'Mum', jid: '34644444444@c.us' });
    if (first.ambiguous) throw new Error('not yet ambiguous');
    expect(first.conversation.ambiguous).toBe(false);
    const second = await ana.api.conversations.resolve({ channelId: ws.channelId, title: 'Mum', jid: '34655555555@c.us' });
    if (second.ambiguous) throw new Error('a JID is never ambiguous');
    expect(second.conversation.ambiguous).toBe(true);
    expect(second.conversation.id).not.toBe(first.conversation.id);
    const byTitle = await ana.api.conversations.resolve({ channelId: ws.channelId, title: 'Mum' });
    expect(byTitle.ambiguous).toBe(true);
    expect(byTitle.ambiguous && [...byTitle.candidates].sort()).toEqual([first.conversation.id, second.conversation.id].sort());
    const again = await ana.api.conversations.resolve({ channelId: ws.channelId, title: 'Mum', jid: '34644444444@c.us' });
    expect(again.ambiguous ? null : again.conversation).toMatchObject({ id: first.conversation.id, ambiguous: true });
    // Resolving by title alone must not have created a third record.
    expect(await world.store.db.selectFrom('conversations').select('id').where('title', '=', 'Mum').execute()).toHaveLength(2);
  });
});

describe('version', () => {
  it('every change bumps the version by exactly one; no-ops and refusals do not', async () => {
    const { ana, bo, conv } = await setup();
    let expected = conv.version;
    const get = async () => (await ana.api.conversations.get({ conversationId: conv.id })).version;
    const steps: Array<[string, () => Promise<unknown>, boolean]> = [
      ['claim', () => ana.api.assignment.claim({ conversationId: conv.id }), true],
      ['claim again (no-op)', () => ana.api.assignment.claim({ conversationId: conv.id }), false],
      ['priority', () => ana.api.status.setPriority({ conversationId: conv.id, priority: 'high' }), true],
      ['labels', () => ana.api.status.setLabels({ conversationId: conv.id, labels: ['vip'] }), true],
      ['queue', () => ana.api.status.setQueue({ conversationId: conv.id, queue: 'pre-sales' }), true],
      ['unknown queue (refused)', () => ana.api.status.setQueue({ conversationId: conv.id, queue: 'nope' }).catch(() => null), false],
      ['note', () => ana.api.notes.add({ conversationId: conv.id, body: 'called, no answer' }), true],
      ['customer message', () => ana.api.observations.message({ conversationId: conv.id, direction: 'in', at: clock.now(), messageId: 'v-in-1' }), true],
      [
        'same message again (no-op)',
        () => bo.api.observations.message({ conversationId: conv.id, direction: 'in', at: clock.now(), messageId: 'v-in-1' }),
        false,
      ],
      ['lock acquire', () => ana.api.locks.acquire({ conversationId: conv.id }), true],
      ['lock taken by a non-owner (refused)', () => bo.api.locks.acquire({ conversationId: conv.id }).catch(() => null), false],
      ['status pending', () => ana.api.status.set({ conversationId: conv.id, status: 'pending' }), true],
      ['snooze', () => ana.api.status.set({ conversationId: conv.id, status: 'snoozed', snoozedUntil: clock.now() + HOUR }), true],
      ['handoff', () => ana.api.assignment.handoff({ conversationId: conv.id, memberId: bo.id, note: 'your turn' }), true],
      ['release', () => bo.api.assignment.release({ conversationId: conv.id }), true],
      ['resolve', () => bo.api.status.set({ conversationId: conv.id, status: 'resolved' }), true],
    ];
    for (const [name, step, bumps] of steps) {
      await step();
      clock.advance(1_000);
      if (bumps) expected += 1;
      expect({ name, version: await get() }).toEqual({ name, version: expected });
    }
    const changeEvents = await eventsOf(conv.id);
    expect(changeEvents.length).toBeGreaterThanOrEqual(steps.filter(([, , bumps]) => bumps).length);
  });
});
