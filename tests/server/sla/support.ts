import { randomUUID } from 'node:crypto';
import { createWorld, manualClock } from '../support/harness';
import type { Store } from '../../../server/store/store';
import type { QueueSlaPolicyInput } from '../../../utils/schemas/sla';
import { SlaTimer } from '../../../server/services/sla/timer';
import { eventView } from '../../../server/store/event-log';

export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;
export const key = () => randomUUID();

/** A world on a manual clock with a manager, two agents, one chat and an SLA timer driven by hand. */
export async function slaWorld(opts: { start?: number; store?: Store } = {}) {
  const clock = manualClock(opts.start);
  const world = await createWorld({ now: clock.now, store: opts.store });
  const ws = await world.workspace();
  const mia = await ws.member('Mia Manager', 'manager');
  const ana = await ws.member('Ana Agent');
  const bo = await ws.member('Bo Agent');
  const chat = await ws.conversation('Customer', '34611111111@c.us');
  const timer = new SlaTimer(world.deps);
  let seq = 0;
  const customerWrites = (conversationId = chat.id) =>
    ana.api.observations.message({ conversationId, direction: 'in', at: clock.now(), messageId: `in-${++seq}` });
  /** The guard's path for a reply: take the reply lock, then report the send with its token. */
  async function reply(member: typeof ana, conversationId = chat.id) {
    const lock = await member.api.locks.acquire({ conversationId });
    return member.api.observations.send({ conversationId, token: lock.token, at: clock.now(), messageId: `out-${++seq}`, idempotencyKey: key() });
  }
  const setPolicy = (queue: string, policy: Partial<QueueSlaPolicyInput>) =>
    mia.api.sla.setPolicy({ queue, policy: { warnAtFraction: 0.5, mode: { kind: 'wall' }, escalation: { moveToQueue: null, release: false }, ...policy } });
  const clocks = async (conversationId = chat.id) => (await ana.api.sla.clocks({ conversationIds: [conversationId] }))[0]!;
  async function events(types: string[]) {
    const rows = await world.store.db.selectFrom('events').selectAll().where('workspace_id', '=', ws.id).where('type', 'in', types).orderBy('id').execute();
    return rows.map(eventView);
  }
  return { clock, world, ws, mia, ana, bo, chat, timer, customerWrites, reply, setPolicy, clocks, events };
}
