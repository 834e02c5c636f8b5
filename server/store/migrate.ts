import type { Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import * as initial from './migrations/0001-initial';
import * as automationRouting from './migrations/0002-automation-routing';
import * as sla from './migrations/0003-sla';
import * as invitedName from './migrations/0004-invited-name';
import * as handoffRequests from './migrations/0006-handoff-requests';

const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-automation-routing': automationRouting,
  '0003-sla': sla,
  '0004-invited-name': invitedName,
  '0006-handoff-requests': handoffRequests,
};

/** Migrations are bundled in code so a started server never depends on its working directory. */
class InlineProvider implements MigrationProvider {
  async getMigrations() {
    return migrations;
  }
}

/**
 * `migrationTableSchema` (PostgreSQL): where Kysely keeps its own bookkeeping tables. Without it Kysely looks
 * for them by name in every schema, so another deployment's (or test run's) schema in the same database makes
 * it skip creating them here and then fail on "kysely_migration_lock does not exist".
 */
export async function migrateToLatest(db: Kysely<any>, opts: { migrationTableSchema?: string } = {}): Promise<void> {
  const migrator = new Migrator({ db, provider: new InlineProvider(), migrationTableSchema: opts.migrationTableSchema });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
}
