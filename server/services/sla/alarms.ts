import { nextAlarm } from './clock';
import { TARGETS, type SlaColumns } from './columns';

export type SlaTargetName = (typeof TARGETS)[number]['name'];

export interface SlaAlarm {
  target: SlaTargetName;
  kind: 'warning' | 'breached';
  /** The instant this alarm was due: warnAt for a warning, dueAt for a breach. */
  at: number;
  warnAt: number | null;
  dueAt: number;
}

/**
 * Every warning and breach due at `now` that has not been raised, oldest first (a late wake raises a
 * missed warning just before its breach), and the columns with them marked raised. Pure: the caller stores both in one transaction.
 */
export function collectDueAlarms(cols: SlaColumns, now: number): { alarms: SlaAlarm[]; cols: SlaColumns } {
  const alarms: SlaAlarm[] = [];
  let raised = cols.sla_raised;
  for (const t of TARGETS) {
    const warnAt = cols[t.warn];
    const dueAt = cols[t.due];
    if (dueAt === null) continue;
    if (warnAt !== null && warnAt <= now && !(raised & t.warnBit)) {
      alarms.push({ target: t.name, kind: 'warning', at: warnAt, warnAt, dueAt });
      raised |= t.warnBit;
    }
    if (dueAt <= now && !(raised & t.breachBit)) {
      alarms.push({ target: t.name, kind: 'breached', at: dueAt, warnAt, dueAt });
      raised |= t.breachBit;
    }
  }
  alarms.sort((a, b) => a.at - b.at || (a.kind === 'warning' ? -1 : 1));
  const next = { ...cols, sla_raised: raised };
  return { alarms, cols: { ...next, sla_alarm_at: nextAlarm(next) } };
}

/** A clock's state at `now`, for views: met targets are no longer stored, so only running ones appear. */
export function clockStates(cols: SlaColumns, now: number) {
  return TARGETS.flatMap((t) => {
    const dueAt = cols[t.due];
    if (dueAt === null) return [];
    const warnAt = cols[t.warn];
    const state = now >= dueAt ? 'breached' : warnAt !== null && now >= warnAt ? 'warning' : 'ok';
    return [{ target: t.name, warnAt, dueAt, state: state as 'ok' | 'warning' | 'breached' }];
  });
}
