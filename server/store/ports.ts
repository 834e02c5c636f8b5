import type { Kysely } from 'kysely';
import type { Dialect, Store } from './store';
import type { Database } from './tables';
import { kyselyConversations } from './conversations';
import { kyselyMembers } from './members';
import { kyselyWorkspaces } from './workspaces';
import { kyselySlaPolicies } from './sla-policies';
import { kyselyChannels } from './channels';
import { kyselyNotes } from './notes';
import { kyselyMessages } from './messages';
import { kyselyIdempotency } from './idempotency';
import { kyselyRouting } from './routing';
import { kyselyAutomation } from './automation';
import { kyselyMetrics } from './metrics';

/** The ports both adapters implement the same way over Kysely (the event log is each adapter's own). */
export type KyselyPorts = Omit<Store, 'dialect' | 'db' | 'transaction' | 'events' | 'publish' | 'onPublish' | 'close'>;

export function kyselyPorts(db: Kysely<Database>, dialect: Dialect): KyselyPorts {
  return {
    conversations: kyselyConversations(db, dialect),
    members: kyselyMembers(db, dialect),
    workspaces: kyselyWorkspaces(db, dialect),
    slaPolicies: kyselySlaPolicies(db),
    channels: kyselyChannels(db),
    notes: kyselyNotes(db),
    messages: kyselyMessages(db),
    idempotency: kyselyIdempotency(),
    routing: kyselyRouting(db, dialect),
    automation: kyselyAutomation(db),
    metrics: kyselyMetrics(db),
  };
}
