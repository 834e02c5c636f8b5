import type { Kysely } from 'kysely';

/** The name a member was invited under, kept when they choose another at sign-in so teammates see both. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('members').addColumn('invited_name', 'text').execute();
}
