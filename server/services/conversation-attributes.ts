import type { Priority, Status } from '../../utils/schemas/common';
import { decideStatusChange } from '../domain/status';
import { decideQueueMove } from '../domain/queue-move';
import type { Actor, Deps } from './deps';
import { mutateConversation } from './mutate-conversation';
import { newId } from './ids';
import { loadSettings } from './workspace-settings';

const unchanged = { patch: null, events: [], result: { changed: false } };

export function setStatus(deps: Deps, actor: Actor, conversationId: string, target: { status: Status; snoozedUntil?: number; reason?: string }, key?: string) {
  return mutateConversation(deps, actor, conversationId, key, async (row, tx, now) => {
    const settings = await loadSettings(tx, actor.workspaceId);
    const state = { status: row.status, snoozedUntil: row.snoozed_until === null ? null : Number(row.snoozed_until), episode: Number(row.episode), waitingSince: row.waiting_since === null ? null : Number(row.waiting_since) };
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
      : { patch: { priority }, events: [{ type: 'conversation.priority_changed', conversationId: row.id, data: { from: row.priority, to: priority } }], result: { changed: true } },
  );
}

export function setLabels(deps: Deps, actor: Actor, conversationId: string, labels: string[], key?: string) {
  const next = [...new Set(labels)].sort();
  return mutateConversation(deps, actor, conversationId, key, (row) =>
    row.labels === JSON.stringify(next)
      ? unchanged
      : { patch: { labels: JSON.stringify(next) }, events: [{ type: 'conversation.labels_changed', conversationId: row.id, data: { from: JSON.parse(row.labels), to: next } }], result: { changed: true } },
  );
}

export function setQueue(deps: Deps, actor: Actor, conversationId: string, queue: string, key?: string) {
  return mutateConversation(deps, actor, conversationId, key, async (row, tx) => {
    const { queues } = await loadSettings(tx, actor.workspaceId);
    const decision = decideQueueMove(row.owner_id, { id: actor.memberId, role: actor.role }, row.queue, queue, queues);
    if (!decision.ok) return decision;
    if (!decision.changed) return unchanged;
    return { patch: { queue }, events: [{ type: 'conversation.queue_changed', conversationId: row.id, data: { from: row.queue, to: queue } }], result: { changed: true } };
  });
}

const MENTION = /@([\p{L}\p{N}_.-]{1,40})/gu;

/** Internal notes; @mentions are resolved against member names (first name or full name without spaces). */
export function addNote(deps: Deps, actor: Actor, conversationId: string, body: string, key?: string) {
  return mutateConversation(deps, actor, conversationId, key, async (row, tx, now) => {
    // A sentence may end right after a mention ("thanks @ana."): trailing dots and dashes are not part of the name.
    const handles = [...body.matchAll(MENTION)].map((m) => m[1].replace(/[.-]+$/, '').toLowerCase()).filter(Boolean);
    const members = handles.length ? await tx.selectFrom('members').select(['id', 'name']).where('workspace_id', '=', actor.workspaceId).where('revoked_at', 'is', null).execute() : [];
    const mentions = members.filter((m) => handles.some((h) => h === m.name.toLowerCase().replace(/\s+/g, '') || h === m.name.toLowerCase().split(/\s+/)[0])).map((m) => m.id);
    const id = newId('note');
    await tx.insertInto('notes').values({ id, workspace_id: actor.workspaceId, conversation_id: row.id, author_id: actor.memberId, body, mentions: JSON.stringify(mentions), created_at: now }).execute();
    return { patch: {}, events: [{ type: 'note.added', conversationId: row.id, data: { noteId: id, body, mentions } }], result: { noteId: id } };
  });
}
