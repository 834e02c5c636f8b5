import { describe, expect, it } from 'vitest';
import { COVERAGE_KINDS } from '../../../server/domain/metrics/coverage-now';
import { openStoreForSuite, storeFactories } from '../support/stores';
import { MIN, slaWorld } from '../sla/support';

describe.each(storeFactories)('the chats behind each coverage count: $name', (factory) => {
  const opened = openStoreForSuite(factory);

  /**
   * Support has a 10-minute first-response target (warning at 5). At +12 min:
   * breached (Ana's, waiting since +0); warned (unowned, waiting since +6); answered (Bo's, pre-sales, answered);
   * pending (Ana's, pending: load only); done (Bo's, resolved: nothing); quiet (unowned, nobody waiting).
   */
  async function morning() {
    const w = await slaWorld({ store: opened().store });
    const { ana, bo, mia, clock } = w;
    await w.setPolicy('support', { firstResponseMs: 10 * MIN });
    const breached = w.chat;
    await w.customerWrites(breached.id);
    clock.advance(6 * MIN);
    const [warned, answered, pending, done, quiet] = await Promise.all(
      ['Warned', 'Answered', 'Pending', 'Done', 'Quiet'].map((t, i) => w.ws.conversation(t, `3465555000${i}@c.us`)),
    );
    await w.customerWrites(warned.id);
    await mia.api.status.setQueue({ conversationId: answered.id, queue: 'pre-sales' });
    await w.customerWrites(answered.id);
    await bo.api.assignment.claim({ conversationId: answered.id });
    await w.reply(bo, answered.id);
    await ana.api.assignment.claim({ conversationId: pending.id });
    await ana.api.status.set({ conversationId: pending.id, status: 'pending' });
    await bo.api.assignment.claim({ conversationId: done.id });
    await bo.api.status.set({ conversationId: done.id, status: 'resolved' });
    clock.advance(MIN);
    await ana.api.assignment.claim({ conversationId: breached.id });
    clock.advance(5 * MIN);
    return { w, ids: { breached: breached.id, warned: warned.id, answered: answered.id, pending: pending.id, done: done.id, quiet: quiet.id } };
  }

  it('lists exactly the chats each count counts, per queue too, most urgent first', async () => {
    const { w, ids } = await morning();
    const { mia, ana } = w;
    const coverage = await mia.api.metrics.coverage();
    const expected = {
      open: [ids.breached, ids.warned, ids.answered, ids.quiet],
      unowned: [ids.warned, ids.quiet],
      unattended: [ids.breached, ids.warned],
      warning: [ids.warned],
      breaching: [ids.breached],
    };
    for (const kind of COVERAGE_KINDS) {
      const list = await mia.api.metrics.coverageChats({ kind });
      expect(list.total, kind).toBe(coverage.total[kind]);
      expect(list.conversations.map((c) => c.id).sort(), kind).toEqual([...expected[kind]].sort());
      for (const [queue, counts] of Object.entries(coverage.byQueue)) {
        const inQueue = await mia.api.metrics.coverageChats({ kind, queue });
        expect(inQueue.total, `${kind} in ${queue}`).toBe(counts[kind]);
        expect(inQueue.conversations.every((c) => c.queue === queue)).toBe(true);
      }
    }
    // Breaching first, then warning, then the rest by due time and waiting time, then by title.
    const open = await mia.api.metrics.coverageChats({ kind: 'open' });
    expect(open.conversations.map((c) => c.title)).toEqual(['Customer', 'Warned', 'Answered', 'Quiet']);
    expect(open.conversations[0]).toMatchObject({
      ownerId: ana.id,
      queue: 'support',
      status: 'open',
      waitingSince: w.clock.now() - 12 * MIN,
      sla: { state: 'breached', dueAt: w.clock.now() - 2 * MIN },
    });
    expect(open.conversations[1]).toMatchObject({ ownerId: null, sla: { state: 'warning', dueAt: w.clock.now() + 4 * MIN } });
    const first = await mia.api.metrics.coverageChats({ kind: 'open', limit: 1 });
    expect([first.total, first.conversations.map((c) => c.id)]).toEqual([4, [ids.breached]]);
    expect((await mia.api.metrics.coverageChats({ kind: 'breaching', queue: 'pre-sales' })).conversations).toEqual([]);
  });

  it("lists a member's load: every unresolved chat they own, whatever its status", async () => {
    const { w, ids } = await morning();
    const { mia, ana, bo } = w;
    const members = (await mia.api.metrics.coverage()).members;
    for (const [member, chats] of [
      [ana, [ids.breached, ids.pending]],
      [bo, [ids.answered]],
      [mia, []],
    ] as const) {
      const list = await mia.api.metrics.coverageChats({ kind: 'load', memberId: member.id });
      expect(list.total).toBe(members.find((m) => m.id === member.id)!.load);
      expect(list.conversations.map((c) => c.id).sort()).toEqual([...chats].sort());
    }
    const anas = await mia.api.metrics.coverageChats({ kind: 'load', memberId: ana.id });
    expect(anas.conversations.find((c) => c.id === ids.pending)).toMatchObject({ status: 'pending', sla: { state: null, dueAt: null } });
  });

  it('is for managers; refuses bad input and members of other workspaces; never shows another workspace', async () => {
    const { w, ids } = await morning();
    const { mia, ana } = w;
    await expect(ana.api.metrics.coverageChats({ kind: 'open' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(ana.api.metrics.report({ from: 0, to: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(mia.api.metrics.coverageChats({ kind: 'load' } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(mia.api.metrics.coverageChats({ kind: 'everything' } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(mia.api.metrics.coverageChats({ kind: 'open', limit: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(mia.api.metrics.coverageChats({ kind: 'load', memberId: 'mem_nobody' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(mia.api.metrics.report({ from: 10, to: 5 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const other = await w.world.workspace('Other team');
    const boss = await other.member('Other Boss', 'manager');
    const stranger = await other.member('Stranger');
    await expect(mia.api.metrics.coverageChats({ kind: 'load', memberId: stranger.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const theirs = await boss.api.metrics.coverageChats({ kind: 'open' });
    expect(theirs.conversations.map((c) => c.id)).not.toContain(ids.quiet);
    expect(theirs.total).toBe(0);
  });
});
