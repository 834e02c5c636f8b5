import { z } from 'zod';
import { QueueName } from '../../utils/schemas/common';
import type { Actor, Deps } from './deps';
import { appendEvents } from './event-log';
import { ServiceError } from './service-error';
import { QueueRoutingSettings, WorkspaceSettings, loadSettings } from './workspace-settings';

export const SetQueueRoutingInput = z.object({
  queue: QueueName,
  mode: QueueRoutingSettings.shape.mode.unwrap().optional(),
  sticky: z.boolean().optional(),
  ownerResponseTimeoutMs: QueueRoutingSettings.shape.ownerResponseTimeoutMs.unwrap().optional(),
});
export type SetQueueRoutingInput = z.infer<typeof SetQueueRoutingInput>;

export const queueRouting = (settings: WorkspaceSettings, queue: string): QueueRoutingSettings => settings.routing[queue] ?? QueueRoutingSettings.parse({});

/** A queue routing can act on: it assigns by itself, returns chats to a last owner, or times owners out. */
export const isRoutingActive = (r: QueueRoutingSettings): boolean => r.mode !== 'manual' || r.sticky || r.ownerResponseTimeoutMs !== null;

/** Each queue's routing settings with how many chats wait unowned in it right now. */
export async function getQueues(deps: Deps, workspaceId: string) {
  const settings = await loadSettings(deps.store.db, workspaceId);
  const waiting = await deps.store.db
    .selectFrom('conversations')
    .select(['queue', (eb) => eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('owner_id', 'is', null)
    .where('merged_into', 'is', null)
    .where('status', '=', 'open')
    .where('waiting_since', 'is not', null)
    .groupBy('queue')
    .execute();
  const counts = new Map(waiting.map((w) => [w.queue, Number(w.n)]));
  return {
    handoffNoteRequired: settings.handoffNoteRequired,
    queues: settings.queues.map((name) => ({ name, ...queueRouting(settings, name), waiting: counts.get(name) ?? 0 })),
  };
}

/** Read-modify-write of the raw settings JSON, so fields this module does not know survive the write. */
async function updateSettings(deps: Deps, actor: Actor, change: (raw: Record<string, any>, parsed: WorkspaceSettings) => Record<string, unknown>) {
  const now = deps.now();
  const eventId = await deps.store.transaction(async (tx) => {
    let q = tx.selectFrom('workspaces').select('settings').where('id', '=', actor.workspaceId);
    if (deps.store.dialect === 'postgres') q = q.forUpdate();
    const row = await q.executeTakeFirstOrThrow();
    const raw = JSON.parse(row.settings) as Record<string, any>;
    const data = change(raw, WorkspaceSettings.parse(raw));
    WorkspaceSettings.parse(raw);
    await tx.updateTable('workspaces').set({ settings: JSON.stringify(raw) }).where('id', '=', actor.workspaceId).execute();
    return appendEvents(tx, actor.workspaceId, actor.memberId, now, [{ type: 'routing.settings_updated', conversationId: null, data }]);
  });
  if (eventId !== null) deps.store.publish(actor.workspaceId, eventId);
}

export async function setQueueRouting(deps: Deps, actor: Actor, input: SetQueueRoutingInput) {
  const { queue, ...patch } = input;
  await updateSettings(deps, actor, (raw, parsed) => {
    if (!parsed.queues.includes(queue)) throw new ServiceError('BAD_REQUEST', `unknown queue "${queue}"; this workspace has: ${parsed.queues.join(', ')}`);
    const next = QueueRoutingSettings.parse({ ...queueRouting(parsed, queue), ...patch });
    raw.routing = { ...(raw.routing ?? {}), [queue]: next };
    return { queue, ...next };
  });
  return getQueues(deps, actor.workspaceId);
}

export async function setHandoffRule(deps: Deps, actor: Actor, handoffNoteRequired: boolean) {
  await updateSettings(deps, actor, (raw) => {
    raw.handoffNoteRequired = handoffNoteRequired;
    return { handoffNoteRequired };
  });
  return getQueues(deps, actor.workspaceId);
}
