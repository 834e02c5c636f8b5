import type { ConversationView } from './types';
import { formatCountdown } from '../i18n/format';

export interface SlaCountdown {
  /** e.g. "12m", "3h", "-5m" once overdue, in the current language. */
  label: string;
  state: 'ok' | 'warning' | 'breached';
  target: string;
  dueAt: number;
}

/** The clock that runs out first: what a row badge and the header count down to. */
export function slaCountdown(c: Pick<ConversationView, 'sla'> | null | undefined, now: number): SlaCountdown | null {
  const next = [...(c?.sla ?? [])].sort((a, b) => a.dueAt - b.dueAt)[0];
  if (!next) return null;
  const state = now >= next.dueAt ? 'breached' : next.warnAt !== null && now >= next.warnAt ? 'warning' : 'ok';
  return { label: formatCountdown(next.dueAt - now), state, target: next.target, dueAt: next.dueAt };
}
