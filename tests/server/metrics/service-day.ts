import type { Store } from '../../../server/store/store';
import { HOUR, key, MIN, slaWorld } from '../sla/support';

/** 00:00 UTC of the manual clock's day (slaWorld starts at 09:00 UTC, 25 November 2026). */
export const DAY_START = Date.UTC(2026, 10, 25);
export const at = (hh: number, mm = 0) => DAY_START + hh * HOUR + mm * MIN;

/**
 * A working morning through the real procedures on a manual clock (figures worked out in the tests that use it):
 * support has a 10-minute first-response target (warning at half), pre-sales none.
 * - chat1 (support): customer 09:00, Ana claims 09:02, replies 09:04, resolves 11:00.
 * - chat2 (support): customer 09:00, breached unowned at 09:10; Bo claims 09:12 (Ana held), replies, Ana overrides;
 *   the customer writes at 09:30, 09:31, 09:32 (two follow-ups: nudged); Bo replies 09:40, hands off to Ana 09:45;
 *   Ana resolves 09:50 without replying (an unnecessary reassignment).
 * - chat3 (pre-sales): customer 10:00, Ana claims 10:05, replies 10:06, resolves 10:30.
 * - chat4 (support): customer 11:30, nobody on it. The day is read at 12:00.
 */
export async function serviceDay(store: Store) {
  const w = await slaWorld({ store });
  const { clock, ana, bo, mia } = w;
  const to = (t: number) => clock.set(t);
  await w.setPolicy('support', { firstResponseMs: 10 * MIN });
  const chat1 = w.chat;
  const chat2 = await w.ws.conversation('Marta', '34622222222@c.us');
  await w.customerWrites(chat1.id);
  await w.customerWrites(chat2.id);
  to(at(9, 2));
  await ana.api.assignment.claim({ conversationId: chat1.id });
  to(at(9, 4));
  await w.reply(ana, chat1.id);
  to(at(9, 10));
  await w.timer.runDue();
  to(at(9, 12));
  await bo.api.assignment.claim({ conversationId: chat2.id });
  await ana.api.observations.held({ conversationId: chat2.id, reason: 'owned-by-other', idempotencyKey: key() });
  await w.reply(bo, chat2.id);
  await ana.api.observations.override({ conversationId: chat2.id, reason: 'I had the price', at: clock.now(), idempotencyKey: key() });
  for (const mm of [30, 31, 32]) {
    to(at(9, mm));
    await w.customerWrites(chat2.id);
  }
  to(at(9, 40));
  await w.reply(bo, chat2.id);
  to(at(9, 45));
  await bo.api.assignment.handoff({ conversationId: chat2.id, memberId: ana.id, note: 'she wants the invoice' });
  to(at(9, 50));
  await ana.api.status.set({ conversationId: chat2.id, status: 'resolved' });
  to(at(10));
  const chat3 = await w.ws.conversation('Jorge', '34633333333@c.us');
  await mia.api.status.setQueue({ conversationId: chat3.id, queue: 'pre-sales' });
  await w.customerWrites(chat3.id);
  to(at(10, 5));
  await ana.api.assignment.claim({ conversationId: chat3.id });
  to(at(10, 6));
  await w.reply(ana, chat3.id);
  to(at(10, 30));
  await ana.api.status.set({ conversationId: chat3.id, status: 'resolved' });
  to(at(11));
  await ana.api.status.set({ conversationId: chat1.id, status: 'resolved' });
  to(at(11, 30));
  const chat4 = await w.ws.conversation('Pilar', '34644444444@c.us');
  await w.customerWrites(chat4.id);
  to(at(12));
  return { ...w, chats: { chat1, chat2, chat3, chat4 }, range: { from: DAY_START, to: DAY_START + 24 * HOUR } };
}
