import type { Kysely } from 'kysely';
import type { DB } from '../store/schema';

/** Row types of migration 0002's automation tables, kept here so the shared schema file stays untouched. */
export interface WebhookSecretTable {
  id: string;
  workspace_id: string;
  /** Kept in the clear: HMAC verification needs the secret itself. It is printed once, at rotation. */
  secret: string;
  created_at: number;
  /** null while current; a rotated-out secret stays valid until this time. */
  expires_at: number | null;
}
export interface WebhookEventTable {
  workspace_id: string;
  event_id: string;
  type: string;
  conversation_id: string;
  received_at: number;
}
export interface FlowStepTable {
  id: string;
  workspace_id: string;
  conversation_id: string;
  kind: 'step' | 'start' | 'handoff';
  flow: string | null;
  step: string | null;
  summary: string | null;
  reason: string | null;
  data: string;
  at: number;
  created_at: number;
}
export type AutomationDB = DB & { webhook_secrets: WebhookSecretTable; webhook_events: WebhookEventTable; flow_steps: FlowStepTable };

export const automationDb = (db: Kysely<DB>): Kysely<AutomationDB> => db as unknown as Kysely<AutomationDB>;
