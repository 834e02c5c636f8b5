import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFactories } from '../support/stores';
import { createWorld } from '../support/harness';
import { eventView } from '../../../server/store/event-log';

/** One suite, run unchanged against every storage adapter. */
describe.each(storeFactories)('store contract: $name', (factory) => {
  let opened: Awaited<ReturnType<typeof factory.open>>;
  let world: Awaited<ReturnType<typeof createWorld>>;
  beforeAll(async () => {
    opened = await factory.open();
    world = await createWorld({ store: opened.store });
  });
  afterAll(async () => {
    // Also after a failed beforeAll: whatever was opened is closed and the schema dropped.
    world?.hub.close();
    await opened?.store.close();
    await opened?.cleanup();
  });

  it('hands out contiguous, strictly increasing event ids per workspace under concurrency', async () => {
    const ws = await world.workspace('A');
    const other = await world.workspace('B');
    const members = await Promise.all(['Ana', 'Bo', 'Cy', 'Di'].map((n) => ws.member(n)));
    const convs = await Promise.all([1, 2, 3].map((i) => ws.conversation(`Chat ${i}`, `3460000000${i}@c.us`)));
    await Promise.allSettled(members.flatMap((m) => convs.map((c) => m.api.assignment.claim({ conversationId: c.id }))));
    await other.conversation('Elsewhere', '34699999999@c.us');
    for (const w of [ws.id, other.id]) {
      const ids = (await opened.store.db.selectFrom('events').select('id').where('workspace_id', '=', w).orderBy('id').execute()).map((r) => Number(r.id));
      expect(ids).toEqual(ids.map((_, i) => i + 1));
      const head = await opened.store.db.selectFrom('workspaces').select('last_event_id').where('id', '=', w).executeTakeFirstOrThrow();
      expect(Number(head.last_event_id)).toBe(ids.length);
    }
  });

  it('appends a batch of events under consecutive ids with their data intact, and nothing for a missing workspace', async () => {
    const ws = await world.workspace('Batch');
    const before = Number(
      (await opened.store.db.selectFrom('workspaces').select('last_event_id').where('id', '=', ws.id).executeTakeFirstOrThrow()).last_event_id,
    );
    const batch = [
      { type: 'note.added' as const, conversationId: 'conv_a', data: { body: 'it\'s "quoted" ; drop table events; --', n: 1 } },
      { type: 'conversation.labels_changed' as const, conversationId: null, data: { labels: ['ñandú', '日本'] } },
      { type: 'conversation.priority_changed' as const, conversationId: 'conv_b', data: {} },
    ];
    const last = await opened.store.transaction((tx) => opened.store.events.append(tx, ws.id, null, 1_700_000_000_000, batch));
    expect(last).toBe(before + 3);
    const rows = await opened.store.db.selectFrom('events').selectAll().where('workspace_id', '=', ws.id).where('id', '>', before).orderBy('id').execute();
    expect(rows.map(eventView)).toEqual(
      batch.map((e, i) => ({ id: before + 1 + i, type: e.type, conversationId: e.conversationId, actorId: null, at: 1_700_000_000_000, data: e.data })),
    );
    await expect(opened.store.transaction((tx) => opened.store.events.append(tx, 'ws_missing', null, 1, batch))).rejects.toThrow();
    expect(await opened.store.db.selectFrom('events').select('id').where('workspace_id', '=', 'ws_missing').execute()).toEqual([]);
  });

  it("reads the log back: the head, a page after an id, and one conversation's timeline without the excluded types", async () => {
    const ws = await world.workspace('Reads');
    const start = await opened.store.events.head(ws.id);
    const batch = [
      { type: 'note.added' as const, conversationId: 'conv_r', data: { n: 1 } },
      { type: 'lock.renewed' as const, conversationId: 'conv_r', data: { n: 2 } },
      { type: 'note.added' as const, conversationId: 'conv_other', data: { n: 3 } },
      { type: 'conversation.priority_changed' as const, conversationId: 'conv_r', data: { n: 4 } },
    ];
    await opened.store.transaction((tx) => opened.store.events.append(tx, ws.id, null, 1_700_000_000_002, batch));
    expect(await opened.store.events.head(ws.id)).toBe(start + 4);
    expect((await opened.store.events.readAfter(ws.id, start + 1, 2)).map((e) => [e.id, e.data.n])).toEqual([
      [start + 2, 2],
      [start + 3, 3],
    ]);
    const timeline = await opened.store.events.conversationTimeline(ws.id, 'conv_r', ['lock.renewed'], 10);
    expect(timeline.map((e) => e.data.n)).toEqual([1, 4]);
    expect((await opened.store.events.conversationTimeline(ws.id, 'conv_r', [], 2)).map((e) => e.data.n)).toEqual([2, 4]);
  });

  it("commits a mutation's last write: events under the next ids, the idempotent response with the last id, odd text intact", async () => {
    const ws = await world.workspace('Final');
    const c = await ws.conversation('Final chat', '34612300000@c.us');
    const head = async () =>
      Number((await opened.store.db.selectFrom('workspaces').select('last_event_id').where('id', '=', ws.id).executeTakeFirstOrThrow()).last_event_id);
    const before = await head();
    const odd = 'it\'s \\ "quoted" $$ ; commit; drop table events; -- ñ 日本';
    const events = [
      { type: 'note.added' as const, conversationId: c.id, data: { body: odd } },
      { type: 'conversation.labels_changed' as const, conversationId: null, data: { labels: [odd] } },
    ];
    const last = await opened.store.transaction(async (tx) => {
      await tx.updateTable('conversations').set({ priority: 'high' }).where('id', '=', c.id).execute();
      return opened.store.events.appendAndCommit(tx, {
        workspaceId: ws.id,
        actorId: odd,
        at: 1_700_000_000_001,
        events,
        idempotency: { key: `k-${odd}`, memberId: 'mem_x', response: { note: odd, eventId: 'placeholder' } },
      });
    });
    expect(last).toBe(before + 2);
    expect(await head()).toBe(before + 2);
    const rows = await opened.store.db.selectFrom('events').selectAll().where('workspace_id', '=', ws.id).where('id', '>', before).orderBy('id').execute();
    expect(rows.map(eventView)).toEqual(
      events.map((e, i) => ({ id: before + 1 + i, type: e.type, conversationId: e.conversationId, actorId: odd, at: 1_700_000_000_001, data: e.data })),
    );
    const stored = await opened.store.db
      .selectFrom('idempotency')
      .selectAll()
      .where('workspace_id', '=', ws.id)
      .where('key', '=', `k-${odd}`)
      .executeTakeFirstOrThrow();
    expect(stored.member_id).toBe('mem_x');
    expect(JSON.parse(stored.response)).toEqual({ note: odd, eventId: before + 2 });
    expect((await opened.store.db.selectFrom('conversations').select('priority').where('id', '=', c.id).executeTakeFirstOrThrow()).priority).toBe('high');

    // No events: nothing appended, the response stored with no event id.
    const none = await opened.store.transaction((tx) =>
      opened.store.events.appendAndCommit(tx, {
        workspaceId: ws.id,
        actorId: null,
        at: 1,
        events: [],
        idempotency: { key: 'k-none', memberId: 'mem_x', response: { ok: true } },
      }),
    );
    expect(none).toBeNull();
    expect(await head()).toBe(before + 2);
    expect(
      JSON.parse((await opened.store.db.selectFrom('idempotency').select('response').where('key', '=', 'k-none').executeTakeFirstOrThrow()).response),
    ).toEqual({ ok: true, eventId: null });
  });

  it("rolls a mutation's last write back, with everything before it, when its workspace is missing or its key was used", async () => {
    const ws = await world.workspace('Final rollback');
    const c = await ws.conversation('Rollback chat', '34612300001@c.us');
    const priority = async () =>
      (await opened.store.db.selectFrom('conversations').select('priority').where('id', '=', c.id).executeTakeFirstOrThrow()).priority;
    const start = await priority();
    const attempt = (workspaceId: string, key: string) =>
      opened.store.transaction(async (tx) => {
        await tx
          .updateTable('conversations')
          .set({ priority: start === 'urgent' ? 'low' : 'urgent' })
          .where('id', '=', c.id)
          .execute();
        return opened.store.events.appendAndCommit(tx, {
          workspaceId,
          actorId: null,
          at: 2,
          events: [{ type: 'note.added', conversationId: c.id, data: {} }],
          idempotency: { key, memberId: 'mem_y', response: {} },
        });
      });
    await expect(attempt('ws_missing', 'k-missing')).rejects.toThrow();
    expect(await priority()).toBe(start);
    expect(await opened.store.db.selectFrom('events').select('id').where('workspace_id', '=', 'ws_missing').execute()).toEqual([]);
    expect(await opened.store.db.selectFrom('idempotency').select('key').where('key', '=', 'k-missing').execute()).toEqual([]);

    const head = Number(
      (await opened.store.db.selectFrom('workspaces').select('last_event_id').where('id', '=', ws.id).executeTakeFirstOrThrow()).last_event_id,
    );
    await attempt(ws.id, 'k-used');
    const changed = await priority();
    await opened.store.transaction((tx) => tx.updateTable('conversations').set({ priority: start }).where('id', '=', c.id).execute());
    await expect(attempt(ws.id, 'k-used')).rejects.toThrow();
    expect(changed).not.toBe(start);
    expect(await priority()).toBe(start);
    expect(
      Number((await opened.store.db.selectFrom('workspaces').select('last_event_id').where('id', '=', ws.id).executeTakeFirstOrThrow()).last_event_id),
    ).toBe(head + 1);
    // The connection that carried the failed write is still good for the next transaction.
    await expect(opened.store.transaction((tx) => tx.selectFrom('workspaces').select('id').where('id', '=', ws.id).executeTakeFirst())).resolves.toEqual({
      id: ws.id,
    });
  });

  it('reads conversations by id, by ids and by filter, and writes one only while its version is unchanged', async () => {
    let now = Date.UTC(2026, 0, 2);
    const clockWorld = await createWorld({ store: opened.store, now: () => now });
    const ws = await clockWorld.workspace('Conversations');
    const ana = await ws.member('Ana');
    const a = await ws.conversation('First', '34655500001@c.us');
    now += 1000;
    const b = await ws.conversation('Second', '34655500002@c.us');
    now += 1000;
    await ana.api.assignment.claim({ conversationId: b.id });
    const convs = opened.store.conversations;
    expect((await convs.get(ws.id, a.id))?.title).toBe('First');
    expect(await convs.get('ws_other', a.id)).toBeUndefined();
    expect((await convs.byIds(ws.id, [a.id, b.id, 'conv_missing'])).map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    expect(await convs.byIds(ws.id, [])).toEqual([]);
    expect((await convs.list(ws.id, { limit: 10 })).map((r) => r.id)).toEqual([b.id, a.id]);
    expect((await convs.list(ws.id, { ownerId: null, limit: 10 })).map((r) => r.id)).toEqual([a.id]);
    expect((await convs.list(ws.id, { ownerId: ana.id, limit: 10 })).map((r) => r.id)).toEqual([b.id]);

    const before = (await convs.get(ws.id, a.id))!;
    const first = await opened.store.transaction(async (tx) => {
      const row = (await convs.loadForChange(tx, ws.id, a.id))!;
      return convs.writeIfUnchanged(tx, row, { priority: 'urgent' }, 1_700_000_000_003);
    });
    expect(first).toBe(true);
    const after = (await convs.get(ws.id, a.id))!;
    expect([after.priority, Number(after.version), Number(after.updated_at)]).toEqual(['urgent', Number(before.version) + 1, 1_700_000_000_003]);
    // A writer holding the row as it was before that change is refused and changes nothing.
    expect(await opened.store.transaction((tx) => convs.writeIfUnchanged(tx, before, { priority: 'low' }, 1))).toBe(false);
    expect((await convs.get(ws.id, a.id))?.priority).toBe('urgent');
    clockWorld.hub.close();
  });

  it('keeps members: lists, counts, names, tokens, presence, changes to active members only, and invites redeemed once', async () => {
    const ws = await world.workspace('Members');
    const [ana, bo] = [await ws.member('Ana'), await ws.member('Bo')];
    const members = opened.store.members;
    const count = await members.count(ws.id);
    expect((await members.list(ws.id)).map((m) => m.name)).toEqual(expect.arrayContaining(['Ana', 'Bo']));
    expect((await members.names([ana.id, bo.id, 'mem_missing'])).get(bo.id)).toBe('Bo');
    expect(await members.names([])).toEqual(new Map());
    expect(await members.get('ws_other', ana.id)).toBeUndefined();

    expect(await opened.store.transaction((tx) => members.updateActive(tx, ws.id, bo.id, { revoked_at: 1, token_hash: null }))).toBe(true);
    expect(await opened.store.transaction((tx) => members.updateActive(tx, ws.id, bo.id, { capacity: 3 }))).toBe(false);
    expect((await members.list(ws.id)).map((m) => m.id)).not.toContain(bo.id);
    expect((await members.list(ws.id, { includeRevoked: true })).map((m) => m.id)).toContain(bo.id);
    expect(await members.count(ws.id)).toBe(count);
    const checked = await opened.store.transaction((tx) => members.namesForCheck(tx, ws.id));
    expect(checked.map((m) => m.name)).toContain('Ana');
    expect(checked.map((m) => m.id)).not.toContain(bo.id);

    await opened.store.transaction((tx) => members.updateActive(tx, ws.id, ana.id, { token_hash: 'hash-of-ana' }));
    expect(await members.byTokenHash('hash-of-ana')).toEqual({ id: ana.id, workspace_id: ws.id, role: 'agent' });
    await members.touchConnection({ id: `${ana.id}:c1`, workspaceId: ws.id, memberId: ana.id, channelId: null, browser: 'test', now: 5_000 });
    await members.touchConnection({ id: `${ana.id}:c1`, workspaceId: ws.id, memberId: ana.id, channelId: null, browser: 'test', now: 9_000 });
    expect([...(await members.onlineSince(ws.id, 8_000))]).toEqual([ana.id]);
    expect(await members.onlineSince(ws.id, 9_000)).toEqual(new Set());

    const invite = { code_hash: `code-${ws.id}`, workspace_id: ws.id, member_id: ana.id, created_at: 1, expires_at: 2, redeemed_at: null };
    await opened.store.transaction((tx) => members.addInvite(tx, invite));
    expect(await opened.store.transaction((tx) => members.findInvite(tx, invite.code_hash))).toMatchObject({ member_id: ana.id, redeemed_at: null });
    expect(await opened.store.transaction((tx) => members.redeemInvite(tx, invite.code_hash, 3))).toBe(true);
    expect(await opened.store.transaction((tx) => members.redeemInvite(tx, invite.code_hash, 4))).toBe(false);
  });

  it('keeps workspaces and their settings document: created, read, listed, changed under a lock', async () => {
    const workspaces = opened.store.workspaces;
    const id = `ws_contract_${opened.store.dialect}`;
    await opened.store.transaction((tx) =>
      workspaces.create(tx, { id, name: 'Contract', settings: JSON.stringify({ queues: ['general'] }), last_event_id: 0, created_at: 1 }),
    );
    expect(await workspaces.get(id)).toEqual({ id, name: 'Contract' });
    expect(await workspaces.get('ws_missing')).toBeUndefined();
    // Two changes at once each see the other's result: the second waits for the first's lock (or its turn, on SQLite).
    await Promise.all(
      ['sales', 'support'].map((queue) =>
        opened.store.transaction(async (tx) => {
          const raw = await workspaces.settingsForChange(tx, id);
          await workspaces.writeSettings(tx, id, { ...raw, queues: [...(raw.queues as string[]), queue] });
        }),
      ),
    );
    const mine = (await workspaces.allSettings()).find((w) => w.id === id);
    expect((mine?.settings.queues as string[]).sort()).toEqual(['general', 'sales', 'support']);
  });

  it("keeps queues' SLA policies, finds due alarms across workspaces and names a workspace's managers", async () => {
    const ws = await world.workspace('Policies');
    const policies = opened.store.slaPolicies;
    const policy = { firstResponseMs: 60_000 };
    await opened.store.transaction((tx) => policies.set(tx, { workspace_id: ws.id, queue: 'general', policy, updated_by: 'mem_x', updated_at: 5 }));
    await opened.store.transaction((tx) =>
      policies.set(tx, { workspace_id: ws.id, queue: 'general', policy: { ...policy, firstResponseMs: 1 }, updated_by: 'mem_y', updated_at: 6 }),
    );
    expect(await policies.get(ws.id, 'general')).toEqual({ firstResponseMs: 1 });
    expect(await policies.get(ws.id, 'sales')).toBeUndefined();
    await opened.store.transaction(async (tx) => {
      await policies.moveQueue(tx, ws.id, 'general', 'front desk');
      await policies.rewrite(tx, ws.id, 'front desk', { firstResponseMs: 2 });
    });
    expect(await policies.list(ws.id)).toEqual([{ queue: 'front desk', policy: { firstResponseMs: 2 }, updated_by: 'mem_y', updated_at: 6 }]);
    await opened.store.transaction((tx) => policies.remove(tx, ws.id, 'front desk'));
    expect(await policies.list(ws.id)).toEqual([]);

    const c = await ws.conversation('Due', '34666600000@c.us');
    const far = 4_000_000_000_000;
    await opened.store.db.updateTable('conversations').set({ sla_alarm_at: far }).where('id', '=', c.id).execute();
    expect(await opened.store.conversations.nextAlarmAt()).toBeLessThanOrEqual(far);
    expect(await opened.store.conversations.dueAlarms(far - 1, 1000)).not.toContainEqual({ workspace_id: ws.id, id: c.id });
    expect(await opened.store.conversations.dueAlarms(far, 1000)).toContainEqual({ workspace_id: ws.id, id: c.id });

    const manager = await ws.member('Mia', 'manager');
    await ws.member('Al', 'agent');
    expect((await opened.store.members.managerIds(ws.id)).sort()).toEqual([ws.admin.id, manager.id].sort());
  });

  it('lets exactly one of many concurrent claims win, and names the winner to the losers', async () => {
    const ws = await world.workspace('Race');
    const members = await Promise.all(Array.from({ length: 8 }, (_, i) => ws.member(`Rep ${i}`)));
    const c = await ws.conversation('Hot', '34611100000@c.us');
    const results = await Promise.allSettled(members.map((m) => m.api.assignment.claim({ conversationId: c.id })));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const winner = (won[0] as PromiseFulfilledResult<{ conversation: { ownerId: string | null } }>).value.conversation.ownerId;
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT', cause: { details: { ownerId: winner } } });
    }
    const claims = await opened.store.db
      .selectFrom('events')
      .select('id')
      .where('conversation_id', '=', c.id)
      .where('type', '=', 'ownership.claimed')
      .execute();
    expect(claims).toHaveLength(1);
  });

  it('issues strictly growing fencing tokens and refuses a superseded one', async () => {
    let now = Date.UTC(2026, 0, 1);
    const clockWorld = await createWorld({ store: opened.store, now: () => now, lockTtlMs: 1000 });
    const ws = await clockWorld.workspace('Fence');
    const ana = await ws.member('Ana');
    const bo = await ws.member('Bo');
    const c = await ws.conversation('Shared', '34622200000@c.us');
    const first = await ana.api.locks.acquire({ conversationId: c.id });
    now += 1500;
    const second = await bo.api.locks.acquire({ conversationId: c.id });
    expect(second.token).toBeGreaterThan(first.token);
    await expect(ana.api.locks.renew({ conversationId: c.id, token: first.token })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(ana.api.observations.send({ conversationId: c.id, token: first.token, at: now, idempotencyKey: 'send-stale-1' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const ok = await bo.api.observations.send({ conversationId: c.id, token: second.token, at: now, idempotencyKey: 'send-fresh-1' });
    expect(ok.accepted).toBe(true);
    clockWorld.hub.close();
  });

  it('stores a message reported by several browsers once, even concurrently', async () => {
    const ws = await world.workspace('Dedupe');
    const reps = await Promise.all(['Ana', 'Bo', 'Cy'].map((n) => ws.member(n)));
    const c = await ws.conversation('Customer', '34633300000@c.us');
    await Promise.all(
      reps.map((r) => r.api.observations.message({ conversationId: c.id, direction: 'in', at: Date.now(), messageId: '3A12F0908922EFDD735D' })),
    );
    const rows = await opened.store.db.selectFrom('messages').select('dedupe_key').where('conversation_id', '=', c.id).execute();
    expect(rows).toHaveLength(1);
    const observed = await opened.store.db
      .selectFrom('events')
      .select('id')
      .where('conversation_id', '=', c.id)
      .where('type', '=', 'message.observed')
      .execute();
    expect(observed).toHaveLength(1);
  });

  it('applies a concurrently retried idempotent mutation exactly once', async () => {
    const ws = await world.workspace('Idem');
    const ana = await ws.member('Ana');
    const c = await ws.conversation('Note me', '34644400000@c.us');
    const outs = await Promise.all(
      [1, 2, 3].map(() => ana.api.notes.add({ conversationId: c.id, body: 'call back at 5', idempotencyKey: 'outbox-note-0001' })),
    );
    expect(new Set(outs.map((o) => o.noteId)).size).toBe(1);
    const notes = await opened.store.db.selectFrom('notes').select('id').where('conversation_id', '=', c.id).execute();
    expect(notes).toHaveLength(1);
  });
});
