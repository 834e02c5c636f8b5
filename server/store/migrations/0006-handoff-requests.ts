import type { Kysely } from 'kysely';

/** Pending handoff requests on a chat (JSON list), so the owner's header shows them with the conversation itself. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('conversations')
    .addColumn('handoff_requests', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
}
