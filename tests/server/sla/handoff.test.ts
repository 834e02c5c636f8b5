import { afterEach, describe, expect, it } from 'vitest';
import { applyWebhookEvent } from '../../../server/services/automation/apply';
import { HOUR, key, MIN, slaWorld } from './support';

type W = Awaited<ReturnType<typeof slaWorld>>;
let w: W;
afterEach(() => w?.world.close());

const chatRef = { channelWid: '34600000001', jid: '34611111111@c.us' };

describe('the automation webhook and the SLA clock agree on the handoff', () => {
  it('first response runs from the webhook handoff, under the handoff queue policy; the report uses the same start', async () => {
    w = await slaWorld();
    await w.setPolicy('support', { firstResponseMs: 5 * MIN });
    await w.setPolicy('pre-sales', { firstResponseMs: 15 * MIN, resolutionMs: 8 * HOUR });
    const t0 = w.clock.now();
    await applyWebhookEvent(w.world.deps, w.ws.id, { type: 'bot.start', eventId: key(), ...chatRef });
    await w.customerWrites();
    w.clock.advance(20 * MIN);
    // Nothing fires while the bot runs the chat, although 20 minutes exceed support's 5-minute target.
    expect(await w.timer.runDue()).toBe(0);
    await applyWebhookEvent(w.world.deps, w.ws.id, {
      type: 'handoff',
      eventId: key(),
      ...chatRef,
      queue: 'pre-sales',
      priority: 'high',
      summary: 'Wants a quote',
      reason: 'qualified',
    });
    const c = await w.clocks();
    expect(c.queue).toBe('pre-sales');
    expect(c.firstResponseStart).toBe(t0 + 20 * MIN);
    expect(c.clocks).toContainEqual({ target: 'firstResponse', warnAt: t0 + 27.5 * MIN, dueAt: t0 + 35 * MIN, state: 'ok' });
    // Resolution runs from the episode start: the customer's first message at t0.
    expect(c.clocks).toContainEqual({ target: 'resolution', warnAt: t0 + 4 * HOUR, dueAt: t0 + 8 * HOUR, state: 'ok' });
    w.clock.advance(9 * MIN);
    await w.ana.api.assignment.claim({ conversationId: w.chat.id });
    await w.reply(w.ana);
    const summary = await w.mia.api.metrics.summary({ from: t0, to: t0 + HOUR });
    // 9 minutes from the handoff, not 29 from the first message.
    expect(summary.firstResponse).toEqual({ count: 1, p50Ms: 9 * MIN, p90Ms: 9 * MIN });
  });
});
