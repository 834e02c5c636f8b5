import type { Kysely } from 'kysely';
import type { DB } from '../store/schema';

/** Row types of migration 0002's routing table, kept here so the shared schema file stays untouched. */
export interface RoutingCursorTable {
  workspace_id: string;
  queue: string;
  last_member_id: string | null;
  updated_at: number;
}
export type RoutingDB = DB & { routing_cursors: RoutingCursorTable };

export const routingDb = (db: Kysely<DB>): Kysely<RoutingDB> => db as unknown as Kysely<RoutingDB>;
