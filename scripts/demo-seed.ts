// The demo's workspace: a few members, routed queues with SLAs, and a week of history written through the real
// procedures with a clock moved by hand, so the manager's figures and trend chart have something to show.
import pino from 'pino';
import { createContextInner } from '../server/context';
import { FeedHub } from '../server/events/feed-hub';
import { appRouter } from '../server/routers/_app';
import type { Actor, Deps } from '../server/services/deps';
import { createWorkspace, inviteMember, redeemInvite } from '../server/services/members';
import { createCallerFactory } from '../server/trpc';
import type { Store } from '../server/store/store';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
/** The demo page's linked number (the fake WhatsApp's default). */
export const DEMO_WID = '34600000001';
const chatTitle = (i: number) => `Cliente ${String(i).padStart(4, '0')}`;

export async function seedDemo(store: Store, now = Date.now()) {
  let clock = now - 7 * DAY;
  const deps: Deps = { store, now: () => clock, config: { lockTtlMs: 15_000 }, log: pino({ level: 'silent' }) };
  const hub = new FeedHub(store);
  const caller = createCallerFactory(appRouter);
  const as = (actor: Actor) => caller(createContextInner(deps, hub, actor, 'demo-seed'));
  try {
    const ws = await createWorkspace(deps, 'Demo team');
    const admin = await redeemInvite(deps, ws.code, 'Demo Admin');
    const adminActor: Actor = { memberId: admin.member.id, workspaceId: ws.workspaceId, role: 'admin' };
    const member = async (name: string, role: 'agent' | 'manager') => {
      const inv = await inviteMember(deps, adminActor, name, role);
      const red = await redeemInvite(deps, inv.code);
      return { id: red.member.id, api: as({ memberId: red.member.id, workspaceId: ws.workspaceId, role }) };
    };
    const boss = as(adminActor);
    const ana = await member('Ana Pérez', 'agent');
    const bo = await member('Bo Chen', 'agent');
    const cy = await member('Cy Silva', 'agent');
    await member('Mia Rossi', 'manager');
    await boss.routing.setQueue({ queue: 'support', mode: 'manual' });
    await boss.sla.setPolicy({
      queue: 'support',
      policy: { firstResponseMs: 15 * MIN, nextResponseMs: 60 * MIN, warnAtFraction: 0.8, mode: { kind: 'wall' } },
    });
    await boss.sla.setPolicy({ queue: 'pre-sales', policy: { firstResponseMs: 30 * MIN, warnAtFraction: 0.8, mode: { kind: 'wall' } } });
    const channel = await boss.conversations.resolveChannel({ wid: DEMO_WID });
    const chatId = async (i: number) => {
      const r = await boss.conversations.resolve({ channelId: channel.id, title: chatTitle(i) });
      if (r.ambiguous) throw new Error('ambiguous demo chat');
      return r.conversation.id;
    };
    const agents = [ana, bo, cy];
    let msg = 0;
    const customer = (conversationId: string) =>
      boss.observations.message({ conversationId, direction: 'in', at: clock, messageId: `3ADEMO${String(++msg).padStart(12, '0')}` });
    const reply = async (who: (typeof agents)[number], conversationId: string) => {
      const lock = await who.api.locks.acquire({ conversationId });
      await who.api.observations.send({
        conversationId,
        token: lock.token,
        at: clock,
        messageId: `3EB0DEMO${String(++msg).padStart(12, '0')}`,
        idempotencyKey: `demo-send-${msg}`,
      });
    };

    // A week of days: customers write through the morning, reps claim and answer within minutes, most chats close.
    for (let day = 7; day >= 1; day--) {
      const morning = new Date(now - day * DAY).setHours(9, 0, 0, 0);
      for (let k = 0; k < 6; k++) {
        const i = 40 + ((day * 7 + k) % 50);
        clock = morning + k * 35 * MIN;
        const id = await chatId(i);
        await customer(id);
        const who = agents[(day + k) % agents.length];
        clock += (3 + ((day * k) % 20)) * MIN;
        await who.api.assignment.claim({ conversationId: id }).catch(() => undefined);
        await reply(who, id);
        clock += 20 * MIN;
        if ((day + k) % 5 !== 0) await who.api.status.set({ conversationId: id, status: 'resolved' });
        else await who.api.assignment.release({ conversationId: id });
      }
    }

    // Today: chats at the top of the demo page's list, in every state a badge can show.
    clock = now - 50 * MIN;
    for (const i of [0, 1, 2, 4, 6, 8, 10, 12]) {
      const id = await chatId(i);
      await customer(id);
      clock += 4 * MIN;
      if (i === 0 || i === 6) await ana.api.assignment.claim({ conversationId: id });
      if (i === 2) {
        await bo.api.assignment.claim({ conversationId: id });
        await reply(bo, id);
      }
      if (i === 8) await cy.api.assignment.claim({ conversationId: id });
    }
    clock = now;
    // The visitor's own invite: a manager, so the popup shows the coverage view.
    const visitor = await inviteMember(deps, adminActor, 'You', 'manager');
    return { workspaceId: ws.workspaceId, inviteCode: visitor.code };
  } finally {
    hub.close();
  }
}
