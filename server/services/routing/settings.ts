import type { SetQueueRoutingInput } from '../../../utils/schemas/settings';
import type { Tx } from '../../store/store';
import type { Actor, Deps } from '../deps';
import { ServiceError } from '../service-error';
import { QueueRoutingSettings, WorkspaceSettings, loadSettings } from '../workspace-settings';

export const queueRouting = (settings: WorkspaceSettings, queue: string): QueueRoutingSettings => settings.routing[queue] ?? QueueRoutingSettings.parse({});

/** A queue routing can act on: it assigns by itself, returns chats to a last owner, or times owners out. */
export const isRoutingActive = (r: QueueRoutingSettings): boolean => r.mode !== 'manual' || r.sticky || r.ownerResponseTimeoutMs !== null;

/** Each queue's routing settings with how many chats wait unowned in it right now. */
export async function getQueues(deps: Deps, workspaceId: string) {
  const settings = await loadSettings(deps.store, workspaceId);
  const counts = await deps.store.routing.waitingCounts(workspaceId);
  return {
    handoffNoteRequired: settings.handoffNoteRequired,
    queues: settings.queues.map((name) => ({ name, ...queueRouting(settings, name), waiting: counts.get(name) ?? 0 })),
  };
}

type SettingsChange = (raw: Record<string, unknown>, parsed: WorkspaceSettings, tx: Tx) => Record<string, unknown> | Promise<Record<string, unknown>>;

/**
 * Read-modify-write of the raw settings JSON, so fields this module does not know survive the write; `change` may
 * write other rows in the same transaction. One event of `type` tells every rep's extension.
 */
export async function changeSettings(deps: Deps, actor: Actor, type: 'routing.settings_updated' | 'workspace.settings_changed', change: SettingsChange) {
  const now = deps.now();
  const eventId = await deps.store.transaction(async (tx) => {
    const raw = await deps.store.workspaces.settingsForChange(tx, actor.workspaceId);
    const data = await change(raw, WorkspaceSettings.parse(raw), tx);
    WorkspaceSettings.parse(raw);
    await deps.store.workspaces.writeSettings(tx, actor.workspaceId, raw);
    return deps.store.events.append(tx, actor.workspaceId, actor.memberId, now, [{ type, conversationId: null, data }]);
  });
  if (eventId !== null) deps.store.publish(actor.workspaceId, eventId);
}

const updateSettings = (deps: Deps, actor: Actor, change: SettingsChange) => changeSettings(deps, actor, 'routing.settings_updated', change);

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
