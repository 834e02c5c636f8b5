import type { Kysely } from 'kysely';
import type { Tx } from './store';
import type { Database, NoteTable } from './tables';

/** Internal notes on conversations. */
export interface NoteStore {
  add(tx: Tx, note: NoteTable): Promise<void>;
  /** One conversation's notes, oldest first. */
  list(workspaceId: string, conversationId: string): Promise<NoteTable[]>;
}

export function kyselyNotes(db: Kysely<Database>): NoteStore {
  return {
    async add(tx, note) {
      await tx.insertInto('notes').values(note).execute();
    },
    list: (workspaceId, conversationId) =>
      db.selectFrom('notes').selectAll().where('workspace_id', '=', workspaceId).where('conversation_id', '=', conversationId).orderBy('created_at').execute(),
  };
}
