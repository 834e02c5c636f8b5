import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFactories } from '../support/stores';
import { createWorld } from '../support/harness';
import { eventView } from '../../../server/store/event-log';
import { newConversationRow } from '../../../server/services/new-conversation-row';
import type { ConversationTable } from '../../../server/store/tables';

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

  /** A chat written straight through the store, with `over` on top of a new row. */
  const insertChat = async (workspaceId: string, channelId: string, chatKey: string, over: Partial<ConversationTable> = {}, now = 1_000) => {
    const row = {
      ...newConversationRow(
        {
          workspace_id: workspaceId,
          channel_id: channelId,
          chat_key: chatKey,
          jid: null,
          title: chatKey,
          title_key: chatKey,
          kind: 'direct',
          phone: null,
          queue: 'general',
        },
        now,
      ),
      ...over,
    };
    await opened.store.transaction((tx) => opened.store.conversations.insert(tx, row));
    return row;
  };

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
    expect(await opened.store.events.head('ws_missing')).toBe(0);
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
    expect(await workspaces.any()).toBe(true);
    const listed = await workspaces.list();
    expect(listed).toContainEqual({ id, name: 'Contract', created_at: 1 });
    expect(listed.map((w) => w.created_at)).toEqual([...listed.map((w) => w.created_at)].sort((a, b) => Number(a) - Number(b)));
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

  it('finds chats by chat key and by phone, overwrites whatever the version, moves queues, lists the unresolved and keeps aliases', async () => {
    const ws = await world.workspace('Identity');
    const convs = opened.store.conversations;
    const keyed = await insertChat(ws.id, ws.channelId, '34677700001@c.us', { phone: '34677700001' }, 10);
    const titled = await insertChat(ws.id, ws.channelId, 't:34677700001', {}, 20);
    const plus = await insertChat(ws.id, ws.channelId, 'plus@c.us', { phone: '+34677700001' }, 5);
    const elsewhere = await insertChat(ws.id, 'ch_other', '34677700001@c.us', { phone: '34677700001' });
    expect((await convs.byChatKey(ws.id, ws.channelId, keyed.chat_key))?.id).toBe(keyed.id);
    expect(await convs.byChatKey(ws.id, ws.channelId, 'missing@c.us')).toBeUndefined();
    expect((await convs.byPhone(ws.id, ws.channelId, '34677700001')).map((r) => r.id)).toEqual([plus.id, keyed.id, titled.id]);
    expect(await opened.store.transaction((tx) => convs.get(ws.id, titled.id, tx))).toMatchObject({ id: titled.id });

    await opened.store.transaction((tx) => convs.overwrite(tx, { id: titled.id, version: 7 }, { merged_into: keyed.id }, 30));
    expect(await convs.get(ws.id, titled.id)).toMatchObject({ merged_into: keyed.id, version: 8, updated_at: 30 });
    await insertChat(ws.id, ws.channelId, 'done@c.us', { status: 'resolved', queue: 'sales' });
    const pending = await insertChat(ws.id, ws.channelId, 'pending@c.us', { status: 'pending', queue: 'sales' });
    expect((await convs.unresolved(ws.id)).map((r) => r.id).sort()).toEqual([keyed.id, plus.id, pending.id, elsewhere.id].sort());

    expect(await opened.store.transaction((tx) => convs.moveQueue(tx, ws.id, 'sales', 'front desk', 40))).toBe(2);
    expect(await convs.get(ws.id, pending.id)).toMatchObject({ queue: 'front desk', version: Number(pending.version) + 1, updated_at: 40 });
    expect((await convs.get(ws.id, keyed.id))?.queue).toBe('general');

    const alias = { workspace_id: ws.id, channel_id: ws.channelId, title_key: 'ana', jid: keyed.chat_key, conversation_id: keyed.id };
    expect(await opened.store.transaction((tx) => convs.addAlias(tx, alias))).toBe(true);
    expect(await opened.store.transaction((tx) => convs.addAlias(tx, alias))).toBe(false);
    await opened.store.transaction((tx) => convs.addAlias(tx, { ...alias, jid: plus.chat_key, conversation_id: plus.id }));
    const seen = await opened.store.transaction((tx) => convs.aliasesOf(tx, ws.id, ws.channelId, 'ana'));
    expect(seen.map((a) => a.conversation_id).sort()).toEqual([keyed.id, plus.id].sort());
    expect(await opened.store.transaction((tx) => convs.aliasesOf(tx, ws.id, ws.channelId, 'bo'))).toEqual([]);

    const locked = { ...keyed, owner_id: 'mem_o', lock_holder: 'mem_h', lock_token: 3, lock_expires_at: 99, fence: 3 };
    expect(convs.fencing(locked, { memberId: 'mem_x', token: 2 })).toEqual({
      owner_id: 'mem_o',
      lock_holder: 'mem_h',
      lock_token: 3,
      lock_expires_at: 99,
      fence: 3,
    });
  });

  it('keeps channels: one per WID, created once, read and listed oldest first', async () => {
    const ws = await world.workspace('Channels');
    const channels = opened.store.channels;
    const first = await channels.ensure(ws.id, { id: `ch_a_${ws.id}`, wid: '34611122233', name: 'Sales line' }, 5_000_000_000_000);
    const again = await opened.store.transaction((tx) => channels.ensure(ws.id, { id: `ch_b_${ws.id}`, wid: '34611122233', name: 'Other' }, 6, tx));
    expect(again).toEqual(first);
    expect(first).toMatchObject({ id: `ch_a_${ws.id}`, workspace_id: ws.id, wid: '34611122233', name: 'Sales line' });
    expect(await channels.get(ws.id, first.id)).toEqual(first);
    expect(await opened.store.transaction((tx) => channels.get('ws_other', first.id, tx))).toBeUndefined();
    expect(await channels.list(ws.id)).toEqual([
      { id: ws.channelId, wid: '34600000001', name: '+34600000001' },
      { id: first.id, wid: '34611122233', name: 'Sales line' },
    ]);
  });

  it('keeps notes and messages: notes in order, each message once, the newest inbound, message ids and attribution', async () => {
    const ws = await world.workspace('Messages');
    const c = await insertChat(ws.id, ws.channelId, 'msg@c.us');
    const note = (id: string, at: number) => ({ id, workspace_id: ws.id, conversation_id: c.id, author_id: 'mem_a', body: id, mentions: '[]', created_at: at });
    await opened.store.transaction(async (tx) => {
      await opened.store.notes.add(tx, note(`${ws.id}_n2`, 2));
      await opened.store.notes.add(tx, note(`${ws.id}_n1`, 1));
    });
    expect((await opened.store.notes.list(ws.id, c.id)).map((n) => n.id)).toEqual([`${ws.id}_n1`, `${ws.id}_n2`]);
    expect(await opened.store.notes.list('ws_other', c.id)).toEqual([]);

    const messages = opened.store.messages;
    const msg = (key: string, direction: 'in' | 'out', at: number) => ({
      workspace_id: ws.id,
      conversation_id: c.id,
      dedupe_key: key,
      direction,
      at,
      message_id: null,
      attributed_to: null,
      episode: 1,
      created_at: at,
    });
    expect(await opened.store.transaction((tx) => messages.record(tx, msg('row:a', 'in', 100)))).toBe(true);
    expect(await opened.store.transaction((tx) => messages.record(tx, msg('row:a', 'in', 999)))).toBe(false);
    await opened.store.transaction((tx) => messages.record(tx, msg('id:x', 'out', 300)));
    await opened.store.transaction((tx) => messages.record(tx, msg('fp:b', 'in', 200)));
    expect(await opened.store.transaction((tx) => messages.newestInbound(tx, ws.id, c.id))).toEqual({ at: 200, dedupe_key: 'fp:b', message_id: null });
    await opened.store.transaction((tx) => messages.setMessageId(tx, ws.id, c.id, 'fp:b', 'WA1'));
    expect((await opened.store.transaction((tx) => messages.newestInbound(tx, ws.id, c.id)))?.message_id).toBe('WA1');
    await opened.store.transaction((tx) => messages.attribute(tx, ws.id, c.id, 'id:x', 'mem_a'));
    await opened.store.transaction((tx) => messages.attribute(tx, ws.id, c.id, 'id:x', 'mem_b'));
    const stored = await opened.store.db
      .selectFrom('messages')
      .select('attributed_to')
      .where('conversation_id', '=', c.id)
      .where('dedupe_key', '=', 'id:x')
      .executeTakeFirstOrThrow();
    expect(stored.attributed_to).toBe('mem_a');
    expect(await messages.lastInboundAt(ws.id, [c.id, 'conv_none'])).toEqual(new Map([[c.id, 200]]));
    expect(await messages.lastInboundAt(ws.id, [])).toEqual(new Map());
  });

  it("finds a stored idempotent response by its workspace's key, and reads events by filter, by time and the last of each kind", async () => {
    const ws = await world.workspace('Event reads');
    await opened.store.transaction((tx) =>
      opened.store.events.appendAndCommit(tx, {
        workspaceId: ws.id,
        actorId: 'mem_a',
        at: 1,
        events: [],
        idempotency: { key: 'k1', memberId: 'mem_a', response: { ok: 1 } },
      }),
    );
    const found = await opened.store.transaction((tx) => opened.store.idempotency.find(tx, ws.id, 'k1'));
    expect(found?.member_id).toBe('mem_a');
    expect(JSON.parse(found!.response)).toEqual({ ok: 1, eventId: null });
    expect(await opened.store.transaction((tx) => opened.store.idempotency.find(tx, 'ws_other', 'k1'))).toBeUndefined();

    const events = opened.store.events;
    const append = (actorId: string, at: number, type: 'ownership.claimed' | 'ownership.released' | 'send.reported', conversationId: string, n: number) =>
      opened.store.transaction((tx) => events.append(tx, ws.id, actorId, at, [{ type, conversationId, data: { n } }]));
    await append('mem_a', 10, 'ownership.claimed', 'c1', 1);
    await append('mem_b', 20, 'send.reported', 'c1', 2);
    await append('mem_a', 30, 'ownership.released', 'c1', 3);
    await append('mem_a', 40, 'send.reported', 'c1', 4);
    await append('mem_b', 50, 'ownership.claimed', 'c2', 5);
    const n = (e: { data: Record<string, unknown> } | undefined) => e?.data.n;
    expect(n(await events.latest(ws.id, { conversationId: 'c1', types: ['ownership.claimed', 'ownership.released'] }))).toBe(3);
    expect(n(await opened.store.transaction((tx) => events.latest(ws.id, { actorId: 'mem_b', types: ['send.reported'] }, tx)))).toBe(2);
    expect(await events.latest(ws.id, { conversationId: 'c2', types: ['send.reported'] })).toBeUndefined();
    const since = await opened.store.transaction((tx) =>
      events.ofConversationSince(ws.id, 'c1', ['ownership.claimed', 'ownership.released', 'send.reported'], 10, tx),
    );
    expect(since.map(n)).toEqual([2, 3, 4]);
    expect((await events.lastAt(ws.id, ['c1', 'c2', 'c3'], ['ownership.claimed', 'ownership.released'])).sort((a, b) => a.at - b.at)).toEqual([
      { conversationId: 'c1', actorId: null, at: 30 },
      { conversationId: 'c2', actorId: null, at: 50 },
    ]);
    const byActor = await events.lastAtByActor(ws.id, ['c1'], ['send.reported']);
    expect(byActor.sort((a, b) => a.at - b.at)).toEqual([
      { conversationId: 'c1', actorId: 'mem_b', at: 20 },
      { conversationId: 'c1', actorId: 'mem_a', at: 40 },
    ]);
    expect(await events.lastAt(ws.id, [], ['send.reported'])).toEqual([]);
  });

  it("keeps routing's cursors (concurrent picks take turns) and reads its candidates and its waiting and owned chats", async () => {
    const ws = await world.workspace('Routing');
    const routing = opened.store.routing;
    expect(await opened.store.transaction((tx) => routing.cursorForChange(tx, ws.id, 'general', 1))).toBeNull();
    // Each pick reads the cursor and moves it on: run at once, the second must see the first's move.
    await Promise.all(
      [1, 2].map(() =>
        opened.store.transaction(async (tx) => {
          const last = await routing.cursorForChange(tx, ws.id, 'general', 2);
          await routing.saveCursor(tx, ws.id, 'general', `mem_${Number(last?.slice(4) ?? 0) + 1}`, 2);
        }),
      ),
    );
    expect(await routing.cursors(ws.id)).toEqual(new Map([['general', 'mem_2']]));
    await opened.store.transaction((tx) => routing.dropCursor(tx, ws.id, 'general'));
    expect(await routing.cursors(ws.id)).toEqual(new Map());

    const ana = await ws.member('Ana');
    const bo = await ws.member('Bo');
    await opened.store.members.touchConnection({ id: `${ana.id}:1`, workspaceId: ws.id, memberId: ana.id, channelId: ws.channelId, browser: null, now: 1_000 });
    await opened.store.members.touchConnection({ id: `${ana.id}:2`, workspaceId: ws.id, memberId: ana.id, channelId: 'ch_x', browser: null, now: 1_000 });
    await opened.store.members.touchConnection({ id: `${bo.id}:1`, workspaceId: ws.id, memberId: bo.id, channelId: null, browser: null, now: 1_000 });
    const owned = await insertChat(ws.id, ws.channelId, 'owned@c.us', { owner_id: ana.id, status: 'snoozed', snoozed_until: 500 });
    await insertChat(ws.id, ws.channelId, 'owned-resolved@c.us', { owner_id: ana.id, status: 'resolved' });
    await insertChat(ws.id, ws.channelId, 'owned-later@c.us', { owner_id: bo.id, status: 'snoozed', snoozed_until: 5_000 });
    const late = await insertChat(ws.id, ws.channelId, 'waiting-late@c.us', { waiting_since: 300 });
    const early = await insertChat(ws.id, ws.channelId, 'waiting-early@c.us', { waiting_since: 100, status: 'snoozed', snoozed_until: 900 });
    await insertChat(ws.id, ws.channelId, 'not-waiting@c.us');
    await insertChat(ws.id, ws.channelId, 'other-queue@c.us', { waiting_since: 50, queue: 'sales' });
    await insertChat(ws.id, ws.channelId, 'merged@c.us', { waiting_since: 50, merged_into: late.id });

    const all = await routing.candidates(ws.id, 999, undefined);
    expect(all.members.map((m) => m.id)).toEqual(expect.arrayContaining([ana.id, bo.id]));
    expect(all.live).toEqual(new Map([[ana.id, 2]]));
    expect(all.load).toEqual(
      new Map([
        [ana.id, 1],
        [bo.id, 1],
      ]),
    );
    const onChannel = await opened.store.transaction((tx) => routing.candidates(ws.id, 999, ws.channelId, tx));
    expect(onChannel.live).toEqual(new Map([[ana.id, 1]]));
    expect((await routing.candidates(ws.id, 1_000, undefined)).live).toEqual(new Map());

    expect((await routing.waitingChats(ws.id, ['general'], 1_000, 10)).map((r) => r.id)).toEqual([early.id, late.id]);
    expect((await routing.waitingChats(ws.id, ['general'], 800, 10)).map((r) => r.id)).toEqual([late.id]);
    expect((await routing.waitingChats(ws.id, ['general'], 1_000, 1)).map((r) => r.id)).toEqual([early.id]);
    expect((await routing.ownedChats(ws.id, ['general'], 1_000, 10)).map((r) => r.id)).toEqual([owned.id]);
    expect(await routing.waitingCounts(ws.id)).toEqual(
      new Map([
        ['general', 1],
        ['sales', 1],
      ]),
    );
  });

  it("keeps the automation's flow steps, answers, deliveries and secrets, and moves a lead's to the chat it is linked to", async () => {
    const ws = await world.workspace('Automation');
    const auto = opened.store.automation;
    const lead = await insertChat(ws.id, ws.channelId, 'lead@c.us');
    const chat = await insertChat(ws.id, ws.channelId, 'chat@c.us');
    const step = (id: string, at: number) => ({
      id: `${ws.id}_${id}`,
      workspace_id: ws.id,
      conversation_id: lead.id,
      kind: 'step' as const,
      flow: 'f',
      step: id,
      summary: null,
      reason: null,
      data: '{"x":1}',
      at,
      created_at: 1,
    });
    await opened.store.transaction(async (tx) => {
      await auto.addFlowStep(tx, step('s2', 20));
      await auto.addFlowStep(tx, step('s1', 10));
    });
    expect((await auto.flowSteps(ws.id, lead.id)).map((s) => s.step)).toEqual(['s1', 's2']);
    const answer = (conversation_id: string, key: string, value: string, source = 'automation') => ({
      workspace_id: ws.id,
      conversation_id,
      key,
      value,
      source,
      updated_at: 5,
    });
    await opened.store.transaction((tx) => auto.setAnswers(tx, [answer(lead.id, 'budget', '10'), answer(lead.id, 'city', 'Madrid')]));
    await opened.store.transaction((tx) => auto.setAnswers(tx, [answer(lead.id, 'budget', '20')]));
    await opened.store.transaction((tx) => auto.setAnswers(tx, [answer(chat.id, 'city', 'Lisboa', 'rep')]));
    expect((await auto.answers(ws.id, lead.id)).map((a) => [a.key, a.value])).toEqual([
      ['budget', '20'],
      ['city', 'Madrid'],
    ]);
    expect(await opened.store.transaction((tx) => auto.moveLead(tx, ws.id, lead.id, chat.id))).toEqual({ steps: 2, answers: 2 });
    expect(await auto.flowSteps(ws.id, lead.id)).toEqual([]);
    expect((await auto.flowSteps(ws.id, chat.id)).map((s) => s.step)).toEqual(['s1', 's2']);
    expect(await auto.answers(ws.id, lead.id)).toEqual([]);
    expect((await auto.answers(ws.id, chat.id)).map((a) => [a.key, a.value, a.source])).toEqual([
      ['budget', '20', 'automation'],
      ['city', 'Lisboa', 'rep'],
    ]);

    expect(await auto.delivery(ws.id, 'evt_1')).toBeUndefined();
    const delivery = { workspace_id: ws.id, event_id: 'evt_1', type: 'handoff', conversation_id: chat.id, received_at: 1 };
    await opened.store.transaction((tx) => auto.recordDelivery(tx, delivery));
    expect(await opened.store.transaction((tx) => auto.delivery(ws.id, 'evt_1', tx))).toEqual({ conversation_id: chat.id });
    await expect(opened.store.transaction((tx) => auto.recordDelivery(tx, delivery))).rejects.toThrow();

    const secret = (id: string, created_at: number) => ({ id: `${ws.id}_${id}`, workspace_id: ws.id, secret: id, created_at, expires_at: null });
    await opened.store.transaction((tx) => auto.rotateSecret(tx, secret('one', 100), 200));
    await opened.store.transaction((tx) => auto.rotateSecret(tx, secret('two', 150), 250));
    expect(await auto.liveSecrets(ws.id, 160)).toEqual([
      { secret: 'two', created_at: 150, expires_at: null },
      { secret: 'one', created_at: 100, expires_at: 250 },
    ]);
    expect((await auto.liveSecrets(ws.id, 250)).map((s) => s.secret)).toEqual(['two']);
    // A rotation drops what had expired by then, and ends what was current when the new grace ends.
    await opened.store.transaction((tx) => auto.rotateSecret(tx, secret('three', 300), 320));
    expect(await auto.liveSecrets(ws.id, 310)).toEqual([
      { secret: 'three', created_at: 300, expires_at: null },
      { secret: 'two', created_at: 150, expires_at: 320 },
    ]);
    expect(
      (await opened.store.db.selectFrom('webhook_secrets').select('secret').where('workspace_id', '=', ws.id).execute()).map((r) => r.secret).sort(),
    ).toEqual(['three', 'two']);
  });

  it('reads the metric history: the chosen events of chats touched since a time or unresolved, with their queues', async () => {
    const ws = await world.workspace('Metrics');
    const touched = await insertChat(ws.id, ws.channelId, 'touched@c.us', { status: 'resolved', queue: 'sales' });
    const open = await insertChat(ws.id, ws.channelId, 'open@c.us');
    const old = await insertChat(ws.id, ws.channelId, 'old@c.us', { status: 'resolved' });
    const merged = await insertChat(ws.id, ws.channelId, 'merged@c.us', { merged_into: open.id });
    const append = (at: number, conversationId: string, type: 'ownership.claimed' | 'note.added' | 'automation.handoff') =>
      opened.store.transaction((tx) => opened.store.events.append(tx, ws.id, null, at, [{ type, conversationId, data: { at } }]));
    await append(10, old.id, 'ownership.claimed');
    await append(20, open.id, 'ownership.claimed');
    await append(30, touched.id, 'note.added');
    await append(40, touched.id, 'automation.handoff');
    await append(50, merged.id, 'ownership.claimed');
    const { events, currentQueues } = await opened.store.metrics.history(ws.id, 25, { types: ['ownership.claimed'], typePrefix: 'automation.handoff' });
    expect(events.map((e) => [e.conversationId, e.type, e.at])).toEqual([
      [open.id, 'ownership.claimed', 20],
      [touched.id, 'automation.handoff', 40],
    ]);
    expect(events[0]).toMatchObject({ actorId: null, data: { at: 20 } });
    expect(currentQueues).toMatchObject({ [touched.id]: 'sales', [open.id]: 'general', [old.id]: 'general' });
    expect(currentQueues[merged.id]).toBeUndefined();
  });

  it("reads members inside a transaction, their live connections, renames a queue in every member's queues and reads settings", async () => {
    const ws = await world.workspace('Member queues');
    const ana = await ws.member('Ana');
    const members = opened.store.members;
    await opened.store.transaction(async (tx) => {
      await members.updateActive(tx, ws.id, ana.id, { queues: JSON.stringify(['general', 'sales']) });
      await members.updateActive(tx, ws.id, ws.admin.id, { queues: JSON.stringify(['general']) });
    });
    expect((await opened.store.transaction((tx) => members.list(ws.id, {}, tx))).map((m) => m.name).sort()).toEqual(['Ada Admin', 'Ana']);
    await opened.store.transaction((tx) => members.renameQueue(tx, ws.id, 'sales', 'front desk'));
    expect(JSON.parse((await members.get(ws.id, ana.id))!.queues)).toEqual(['general', 'front desk']);
    expect(JSON.parse((await members.get(ws.id, ws.admin.id))!.queues)).toEqual(['general']);

    await members.touchConnection({ id: `${ana.id}:c`, workspaceId: ws.id, memberId: ana.id, channelId: ws.channelId, browser: 'chrome', now: 7_000 });
    expect(await members.connectionsSince(ws.id, 6_999)).toEqual([{ member_id: ana.id, channel_id: ws.channelId, browser: 'chrome', last_seen: 7_000 }]);
    expect(await members.connectionsSince(ws.id, 7_000)).toEqual([]);

    const settings = await opened.store.workspaces.settings(ws.id);
    expect(settings.queues).toContain('support');
    expect(await opened.store.transaction((tx) => opened.store.workspaces.settings(ws.id, tx))).toEqual(settings);
    await expect(opened.store.workspaces.settings('ws_missing')).rejects.toThrow();
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
