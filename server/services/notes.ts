import type { Actor, Deps } from './deps';
import { mutateConversation } from './mutate-conversation';
import { newId } from './ids';

const MENTION = /@([\p{L}\p{N}_.-]{1,40})/gu;

/** Internal notes; @mentions are resolved against member names (first name or full name without spaces). */
export function addNote(deps: Deps, actor: Actor, conversationId: string, body: string, key?: string) {
  return mutateConversation(deps, actor, conversationId, key, async (row, tx, now) => {
    // A sentence may end right after a mention ("thanks @ana."): trailing dots and dashes are not part of the name.
    const handles = [...body.matchAll(MENTION)].map((m) => m[1].replace(/[.-]+$/, '').toLowerCase()).filter(Boolean);
    const members = handles.length ? await deps.store.members.list(actor.workspaceId, {}, tx) : [];
    const mentions = members
      .filter((m) => handles.some((h) => h === m.name.toLowerCase().replace(/\s+/g, '') || h === m.name.toLowerCase().split(/\s+/)[0]))
      .map((m) => m.id);
    const id = newId('note');
    await deps.store.notes.add(tx, {
      id,
      workspace_id: actor.workspaceId,
      conversation_id: row.id,
      author_id: actor.memberId,
      body,
      mentions: JSON.stringify(mentions),
      created_at: now,
    });
    return { patch: {}, events: [{ type: 'note.added', conversationId: row.id, data: { noteId: id, body, mentions } }], result: { noteId: id } };
  });
}
