import type { SlaColumns } from '../../store/tables';

export type { SlaColumns } from '../../store/tables';
export { EscalationSchema, QueueSlaPolicySchema, type QueueSlaPolicy } from '../../../utils/schemas/sla';

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
