import type { Kysely } from 'kysely';
import type { Tx } from './store';
import type { Database, MessageTable } from './tables';

/** Messages seen in the chats, each stored once per workspace by its dedupe key. */
export interface MessageStore {
  /** Stores the message unless one with its dedupe key is there already; says whether it did. */
  record(tx: Tx, message: MessageTable): Promise<boolean>;
  /** The newest customer message of the chat. */
  newestInbound(tx: Tx, workspaceId: string, conversationId: string): Promise<Pick<MessageTable, 'at' | 'dedupe_key' | 'message_id'> | undefined>;
  /** Gives a stored message WhatsApp's id for it. */
  setMessageId(tx: Tx, workspaceId: string, conversationId: string, dedupeKey: string, messageId: string): Promise<void>;
  /** Names the member who sent a stored message, unless it names one already. */
  attribute(tx: Tx, workspaceId: string, conversationId: string, dedupeKey: string, memberId: string): Promise<void>;
  /** The time of each chat's newest customer message; chats without one are left out (read inside `tx` when given). */
  lastInboundAt(workspaceId: string, conversationIds: string[], tx?: Tx): Promise<Map<string, number>>;
}

export function kyselyMessages(db: Kysely<Database>): MessageStore {
  const one = (tx: Tx, workspaceId: string, conversationId: string, dedupeKey: string) =>
    tx.updateTable('messages').where('workspace_id', '=', workspaceId).where('conversation_id', '=', conversationId).where('dedupe_key', '=', dedupeKey);
  return {
    async record(tx, message) {
      const res = await tx
        .insertInto('messages')
        .values(message)
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0n) === 1;
    },
    newestInbound: (tx, workspaceId, conversationId) =>
      tx
        .selectFrom('messages')
        .select(['at', 'dedupe_key', 'message_id'])
        .where('workspace_id', '=', workspaceId)
        .where('conversation_id', '=', conversationId)
        .where('direction', '=', 'in')
        .orderBy('at', 'desc')
        .limit(1)
        .executeTakeFirst(),
    async setMessageId(tx, workspaceId, conversationId, dedupeKey, messageId) {
      await one(tx, workspaceId, conversationId, dedupeKey).set({ message_id: messageId }).execute();
    },
    async attribute(tx, workspaceId, conversationId, dedupeKey, memberId) {
      await one(tx, workspaceId, conversationId, dedupeKey).set({ attributed_to: memberId }).where('attributed_to', 'is', null).execute();
    },
    async lastInboundAt(workspaceId, conversationIds, tx) {
      if (conversationIds.length === 0) return new Map();
      const rows = await (tx ?? db)
        .selectFrom('messages')
        .select(['conversation_id', (eb) => eb.fn.max('at').as('at')])
        .where('workspace_id', '=', workspaceId)
        .where('conversation_id', 'in', conversationIds)
        .where('direction', '=', 'in')
        .groupBy('conversation_id')
        .execute();
      return new Map(rows.map((r) => [r.conversation_id, Number(r.at)]));
    },
  };
}
