import type { Kysely } from 'kysely';

/** Routing cursors, automation webhook secrets and deliveries, and the automation's flow history. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('routing_cursors')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('queue', 'text', (c) => c.notNull())
    .addColumn('last_member_id', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('routing_cursors_pk', ['workspace_id', 'queue'])
    .execute();
  await db.schema
    .createTable('webhook_secrets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .execute();
  await db.schema.createIndex('webhook_secrets_workspace').on('webhook_secrets').column('workspace_id').execute();
  await db.schema
    .createTable('webhook_events')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('webhook_events_pk', ['workspace_id', 'event_id'])
    .execute();
  await db.schema
    .createTable('flow_steps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('flow', 'text')
    .addColumn('step', 'text')
    .addColumn('summary', 'text')
    .addColumn('reason', 'text')
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('flow_steps_conversation').on('flow_steps').columns(['conversation_id', 'at']).execute();
}
