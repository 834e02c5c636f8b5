import type { Kysely, Transaction } from 'kysely';
import type { ConversationTable, DB } from '../store/schema';

/** The SLA columns migration 0003 adds to conversations (epoch ms; null = not running). */
export interface SlaColumns {
  /** Start of the episode's resolution clock: its first customer message or handoff. */
  sla_episode_start: number | null;
  /** Start of the first-response clock: the handoff when the automation ran, else the first customer message. */
  sla_clock_start: number | null;
  sla_first_met_at: number | null;
  sla_first_warn: number | null;
  sla_first_due: number | null;
  sla_next_warn: number | null;
  sla_next_due: number | null;
  sla_resolution_warn: number | null;
  sla_resolution_due: number | null;
  /** Bit set of warnings and breaches already raised (see TARGETS). */
  sla_raised: number;
  /** The earliest warning or due instant not yet raised: what the timer sleeps until. */
  sla_alarm_at: number | null;
}

export interface SlaPolicyTable {
  workspace_id: string;
  queue: string;
  policy: string;
  updated_by: string | null;
  updated_at: number;
}

/** The schema as seen by SLA code: shared tables plus the columns and table of migration 0003. */
export interface SlaDB extends Omit<DB, 'conversations'> {
  conversations: ConversationTable & SlaColumns;
  sla_policies: SlaPolicyTable;
}
export type SlaRow = ConversationTable & SlaColumns;

// Why a cast and not an edit of store/schema.ts: that file is shared and the columns are this feature's alone.
export const slaDb = (db: Kysely<DB> | Transaction<DB>) => db as unknown as Kysely<SlaDB>;

export { EscalationSchema, QueueSlaPolicySchema, type QueueSlaPolicy } from '../../utils/schemas/sla';

export const TARGETS = [
  { name: 'firstResponse', warn: 'sla_first_warn', due: 'sla_first_due', warnBit: 1, breachBit: 2, policyKey: 'firstResponseMs' },
  { name: 'nextResponse', warn: 'sla_next_warn', due: 'sla_next_due', warnBit: 4, breachBit: 8, policyKey: 'nextResponseMs' },
  { name: 'resolution', warn: 'sla_resolution_warn', due: 'sla_resolution_due', warnBit: 16, breachBit: 32, policyKey: 'resolutionMs' },
] as const;
export type TargetSpec = (typeof TARGETS)[number];

export const EMPTY_SLA: SlaColumns = {
  sla_episode_start: null,
  sla_clock_start: null,
  sla_first_met_at: null,
  sla_first_warn: null,
  sla_first_due: null,
  sla_next_warn: null,
  sla_next_due: null,
  sla_resolution_warn: null,
  sla_resolution_due: null,
  sla_raised: 0,
  sla_alarm_at: null,
};

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Reads the SLA columns off a row (PostgreSQL hands bigints back as numbers, SQLite too; undefined before 0003). */
export function slaColumnsOf(row: object): SlaColumns {
  const r = row as Partial<Record<keyof SlaColumns, unknown>>;
  const out = { ...EMPTY_SLA };
  for (const key of Object.keys(EMPTY_SLA) as Array<keyof SlaColumns>) {
    if (key === 'sla_raised') out.sla_raised = Number(r.sla_raised ?? 0);
    else out[key] = num(r[key]);
  }
  return out;
}

export const sameSla = (a: SlaColumns, b: SlaColumns) => (Object.keys(EMPTY_SLA) as Array<keyof SlaColumns>).every((k) => a[k] === b[k]);
