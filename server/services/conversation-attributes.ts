import type { Priority, Status } from '../../utils/schemas/common';
import { decideStatusChange } from '../domain/status';
import { decideQueueMove } from '../domain/queue-move';
import type { Actor, Deps } from './deps';
import { mutateConversation } from './mutate-conversation';
import { loadSettings } from './workspace-settings';

const unchanged = { patch: null, events: [], result: { changed: false } };

export function setStatus(deps: Deps, actor: Actor, conversationId: string, target: { status: Status; snoozedUntil?: number; reason?: string }, key?: string) {
  return mutateConversation(deps, actor, conversationId, key, async (row, tx, now) => {
    const settings = await loadSettings(deps.store, actor.workspaceId, tx);
    const state = {
      status: row.status,
      snoozedUntil: row.snoozed_until === null ? null : Number(row.snoozed_until),
      episode: Number(row.episode),
      waitingSince: row.waiting_since === null ? null : Number(row.waiting_since),
    };
    const decision = decideStatusChange(state, target, settings, now);
    if (!decision.ok) return decision;
    if (!decision.changed) return unchanged;
    return {
      patch: { status: decision.state.status, snoozed_until: decision.state.snoozedUntil },
      events: [{ type: 'status.changed', conversationId: row.id, data: decision.data }],
      result: { changed: true },
    };
  });
}

export function setPriority(deps: Deps, actor: Actor, conversationId: string, priority: Priority, key?: string) {
  return mutateConversation(deps, actor, conversationId, key, (row) =>
    row.priority === priority
      ? unchanged
      : {
          patch: { priority },
          events: [{ type: 'conversation.priority_changed', conversationId: row.id, data: { from: row.priority, to: priority } }],
          result: { changed: true },
        },
  );
}

export function setLabels(deps: Deps, actor: Actor, conversationId: string, labels: string[], key?: string) {
  const next = [...new Set(labels)].sort();
  return mutateConversation(deps, actor, conversationId, key, (row) =>
    row.labels === JSON.stringify(next)
      ? unchanged
      : {
          patch: { labels: JSON.stringify(next) },
          events: [{ type: 'conversation.labels_changed', conversationId: row.id, data: { from: JSON.parse(row.labels), to: next } }],
          result: { changed: true },
        },
  );
}

export function setQueue(deps: Deps, actor: Actor, conversationId: string, queue: string, key?: string) {
  return mutateConversation(deps, actor, conversationId, key, async (row, tx) => {
    const { queues } = await loadSettings(deps.store, actor.workspaceId, tx);
    const decision = decideQueueMove(row.owner_id, { id: actor.memberId, role: actor.role }, row.queue, queue, queues);
    if (!decision.ok) return decision;
    if (!decision.changed) return unchanged;
    return {
      patch: { queue },
      events: [{ type: 'conversation.queue_changed', conversationId: row.id, data: { from: row.queue, to: queue } }],
      result: { changed: true },
    };
  });
}
