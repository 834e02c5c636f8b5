import { describe, expect, it } from 'vitest';
import { activeWebhookSecrets } from '../../../server/services/automation/secrets';
import { storeFactories } from '../support/stores';
import { worldForSuite } from '../support/world-suite';

/** The Settings page's procedures: who may call them, what bad input they refuse, and what they change. */
describe.each(storeFactories)('team settings: $name', (factory) => {
  const worldNow = worldForSuite(factory);

  async function team() {
    const world = worldNow();
    const ws = await world.workspace(`Settings ${Math.random().toString(36).slice(2, 7)}`);
    const mia = await ws.member(`Mia ${Math.random().toString(36).slice(2, 6)}`, 'manager');
    const ana = await ws.member(`Ana ${Math.random().toString(36).slice(2, 6)}`);
    const eventsOf = async (type: string) =>
      (
        await world.store.db
          .selectFrom('events')
          .select(['data', 'actor_id'])
          .where('workspace_id', '=', ws.id)
          .where('type', '=', type)
          .orderBy('id')
          .execute()
      ).map((e) => ({ actor: e.actor_id, ...JSON.parse(e.data) }));
    return { world, ws, mia, ana, eventsOf };
  }

  it('agents are refused every team call; managers and admins are allowed as designed', async () => {
    const { ws, mia, ana } = await team();
    const refused = { code: 'FORBIDDEN' };
    await expect(ana.api.settings.team()).rejects.toMatchObject(refused);
    await expect(ana.api.settings.createQueue({ name: 'billing' })).rejects.toMatchObject(refused);
    await expect(ana.api.settings.renameQueue({ queue: 'support', to: 'help' })).rejects.toMatchObject(refused);
    await expect(ana.api.settings.archiveQueue({ queue: 'post-sale', archived: true })).rejects.toMatchObject(refused);
    await expect(ana.api.settings.setDefaultQueue({ queue: 'pre-sales' })).rejects.toMatchObject(refused);
    await expect(ana.api.settings.setRules({ agentsCanTakeOver: true })).rejects.toMatchObject(refused);
    await expect(ana.api.settings.rotateWebhookSecret({ graceHours: 1 })).rejects.toMatchObject(refused);
    // The webhook secret is an admin's alone, like the command line's rotation.
    await expect(mia.api.settings.rotateWebhookSecret({ graceHours: 1 })).rejects.toMatchObject(refused);
    expect((await mia.api.settings.team()).queues.map((q) => q.name)).toEqual(['pre-sales', 'support', 'escalation', 'post-sale']);
    expect((await ws.admin.api.settings.createQueue({ name: 'billing' })).queues.map((q) => q.name)).toContain('billing');
    // Any member reads the rules their extension follows.
    expect(await ana.api.settings.rules()).toEqual({
      handoffNoteRequired: true,
      agentsCanTakeOver: false,
      requireResolveReason: false,
      queues: ['pre-sales', 'support', 'escalation', 'post-sale', 'billing'],
      defaultQueue: 'support',
    });
    await expect(worldNow().anonymous.settings.rules()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('refuses bad input with the field named', async () => {
    const { mia, ws } = await team();
    const fieldOf = (e: unknown) => ((e as { cause?: { issues?: Array<{ path: PropertyKey[] }> } }).cause?.issues ?? []).map((i) => String(i.path[0]));
    const bad = async (p: Promise<unknown>, field: string) => {
      const err = await p.then(
        () => null,
        (e) => e,
      );
      expect(err).toMatchObject({ code: 'BAD_REQUEST' });
      expect(fieldOf(err)).toContain(field);
    };
    await bad(mia.api.settings.createQueue({ name: '' }), 'name');
    await bad(mia.api.settings.createQueue({ name: 'x'.repeat(41) }), 'name');
    await bad(mia.api.settings.createQueue({ name: 'a,b' }), 'name');
    await bad(mia.api.settings.renameQueue({ queue: 'support', to: '  ' }), 'to');
    await bad(mia.api.settings.archiveQueue({ queue: 'support', archived: 'yes' as never }), 'archived');
    await bad(mia.api.settings.setDefaultQueue({ queue: '\u0000' }), 'queue');
    await bad(mia.api.settings.setRules({}), 'handoffNoteRequired');
    await bad(mia.api.settings.setRules({ agentsCanTakeOver: 'true' as never }), 'agentsCanTakeOver');
    await bad(ws.admin.api.settings.rotateWebhookSecret({ graceHours: -1 }), 'graceHours');
    await bad(ws.admin.api.settings.rotateWebhookSecret({ graceHours: 1.5 }), 'graceHours');
    await bad(mia.api.members.rename({ name: '   ' }), 'name');
    // Refusals the domain makes, with a reason the page shows in the rep's language.
    await expect(mia.api.settings.createQueue({ name: 'SUPPORT' })).rejects.toMatchObject({ code: 'CONFLICT', cause: { details: { reason: 'queue-exists' } } });
    await expect(mia.api.settings.setDefaultQueue({ queue: 'billing' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: { details: { reason: 'unknown-queue' } },
    });
    await expect(mia.api.settings.archiveQueue({ queue: 'support', archived: true })).rejects.toMatchObject({
      cause: { details: { reason: 'queue-is-default' } },
    });
    await expect(mia.api.settings.renameQueue({ queue: 'nowhere', to: 'x' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(mia.api.settings.renameQueue({ queue: 'support', to: 'Pre-Sales' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('a rename moves the chats, members, routing, SLA policy, escalations and default queue to the new name', async () => {
    const { ws, mia, ana, eventsOf } = await team();
    const chat = await ws.conversation('Renamed chat', '34677700001@c.us');
    await mia.api.routing.setQueue({ queue: 'support', mode: 'round-robin', sticky: true });
    await mia.api.sla.setPolicy({ queue: 'support', policy: { firstResponseMs: 600_000, warnAtFraction: 0.8, mode: { kind: 'wall' } } });
    await mia.api.sla.setPolicy({
      queue: 'pre-sales',
      policy: { firstResponseMs: 600_000, warnAtFraction: 0.8, mode: { kind: 'wall' }, escalation: { moveToQueue: 'support', release: false } },
    });
    const before = await ws.admin.api.conversations.get({ conversationId: chat.id });
    expect(before.queue).toBe('support');
    const out = await mia.api.settings.renameQueue({ queue: 'support', to: 'help desk' });
    const q = out.queues.find((x) => x.name === 'help desk')!;
    expect(q).toMatchObject({ mode: 'round-robin', sticky: true, policy: { firstResponseMs: 600_000 } });
    expect(out.queues.find((x) => x.name === 'pre-sales')!.policy!.escalation.moveToQueue).toBe('help desk');
    expect(out.rules.defaultQueue).toBe('help desk');
    expect(out.members.find((m) => m.id === ana.id)!.queues).toContain('help desk');
    const after = await ws.admin.api.conversations.get({ conversationId: chat.id });
    expect(after).toMatchObject({ queue: 'help desk' });
    expect(after.version).toBeGreaterThan(before.version);
    expect(await eventsOf('workspace.settings_changed')).toEqual([
      { actor: mia.id, change: 'queue-renamed', queue: 'help desk', from: 'support', conversations: 1 },
    ]);
  });

  it('archives and restores queues, sets the default one, and new chats go there', async () => {
    const { ws, mia, eventsOf } = await team();
    await mia.api.sla.setPolicy({
      queue: 'support',
      policy: { firstResponseMs: 600_000, warnAtFraction: 0.8, mode: { kind: 'wall' }, escalation: { moveToQueue: 'escalation', release: false } },
    });
    await expect(mia.api.settings.archiveQueue({ queue: 'escalation', archived: true })).rejects.toMatchObject({
      cause: { details: { reason: 'queue-is-escalation-target' } },
    });
    const archived = await mia.api.settings.archiveQueue({ queue: 'post-sale', archived: true });
    expect(archived.rules.queues).not.toContain('post-sale');
    expect(archived.queues.find((q) => q.name === 'post-sale')).toMatchObject({ archived: true });
    // An archived queue takes no chat.
    const chat = await ws.conversation('Archived target', '34677700002@c.us');
    await expect(mia.api.status.setQueue({ conversationId: chat.id, queue: 'post-sale' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(mia.api.settings.setDefaultQueue({ queue: 'post-sale' })).rejects.toMatchObject({ cause: { details: { reason: 'unknown-queue' } } });
    const restored = await mia.api.settings.archiveQueue({ queue: 'post-sale', archived: false });
    expect(restored.rules.queues).toContain('post-sale');
    await mia.api.settings.setDefaultQueue({ queue: 'pre-sales' });
    const fresh = await ws.conversation('Default queue chat', '34677700003@c.us');
    expect(fresh.queue).toBe('pre-sales');
    expect((await eventsOf('workspace.settings_changed')).map((e) => e.change)).toEqual(['queue-archived', 'queue-restored', 'default-queue']);
  });

  it('rules change for every rep at once, logged as one event', async () => {
    const { ws, mia, ana, eventsOf } = await team();
    const bo = await ws.member(`Bo ${Math.random().toString(36).slice(2, 6)}`);
    const chat = await ws.conversation('Take-over chat', '34677700004@c.us');
    await bo.api.assignment.claim({ conversationId: chat.id });
    await expect(ana.api.assignment.takeOver({ conversationId: chat.id, reason: 'Bo is out' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await mia.api.settings.setRules({ agentsCanTakeOver: true, handoffNoteRequired: false })).toMatchObject({
      agentsCanTakeOver: true,
      handoffNoteRequired: false,
    });
    await ana.api.assignment.takeOver({ conversationId: chat.id, reason: 'Bo is out' });
    expect((await ws.admin.api.conversations.get({ conversationId: chat.id })).ownerId).toBe(ana.id);
    expect(await eventsOf('workspace.settings_changed')).toEqual([{ actor: mia.id, change: 'rules', agentsCanTakeOver: true, handoffNoteRequired: false }]);
  });

  it('an admin rotates the webhook secret: shown once, the old one verifies for the grace period, the event has no secret', async () => {
    const { world, ws, eventsOf } = await team();
    const first = await ws.admin.api.settings.rotateWebhookSecret({ graceHours: 0 });
    expect(first.secret).toMatch(/^whsec_/);
    expect(first.path).toBe(`/webhooks/automation/${ws.id}`);
    const second = await ws.admin.api.settings.rotateWebhookSecret({ graceHours: 2 });
    expect(await activeWebhookSecrets(world.deps, ws.id)).toEqual(expect.arrayContaining([first.secret, second.secret]));
    const status = (await ws.admin.api.settings.team()).webhook;
    expect(status.currentSince).not.toBeNull();
    expect(status.previousValidUntil).toBe(Date.parse(second.previousValidUntil));
    const logged = await eventsOf('automation.secret_rotated');
    expect(logged).toHaveLength(2);
    expect(JSON.stringify(logged)).not.toContain('whsec_');
  });

  it('a member renames themself; the invited name stays beside it', async () => {
    const { ws, ana } = await team();
    await ana.api.members.rename({ name: 'Ana Banana' });
    const me = (await ws.admin.api.members.list()).find((m) => m.id === ana.id)!;
    expect(me).toMatchObject({ name: 'Ana Banana', initials: 'AB' });
    expect(me.invitedName).toMatch(/^Ana /);
    await expect(ana.api.members.rename({ name: 'Ada Admin' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
