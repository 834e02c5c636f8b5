import type { Kysely } from 'kysely';

/** SLA clocks on the conversation (due and warning instants, raised flags, next alarm) and per-queue policies. */
const TIME_COLUMNS = [
  'sla_episode_start',
  'sla_clock_start',
  'sla_first_met_at',
  'sla_first_warn',
  'sla_first_due',
  'sla_next_warn',
  'sla_next_due',
  'sla_resolution_warn',
  'sla_resolution_due',
  'sla_alarm_at',
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  // One statement per column: SQLite's ALTER TABLE adds a single column at a time.
  for (const column of TIME_COLUMNS) await db.schema.alterTable('conversations').addColumn(column, 'bigint').execute();
  await db.schema
    .alterTable('conversations')
    .addColumn('sla_raised', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('conversations_sla_alarm').on('conversations').column('sla_alarm_at').execute();
  await db.schema
    .createTable('sla_policies')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('queue', 'text', (c) => c.notNull())
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sla_policies_pk', ['workspace_id', 'queue'])
    .execute();
}
