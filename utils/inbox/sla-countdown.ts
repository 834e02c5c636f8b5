import type { ConversationView } from './types';

export interface SlaCountdown {
  /** e.g. "12m", "3h", "-5m" once overdue. */
  label: string;
  state: 'ok' | 'warning' | 'breached';
  target: string;
  dueAt: number;
}

function short(ms: number): string {
  const abs = Math.abs(ms);
  const text = abs < 3_600_000 ? `${Math.max(1, Math.round(abs / 60_000))}m` : abs < 86_400_000 ? `${Math.round(abs / 3_600_000)}h` : `${Math.round(abs / 86_400_000)}d`;
  return ms < 0 ? `-${text}` : text;
}

/** The clock that runs out first: what a row badge and the header count down to. */
export function slaCountdown(c: Pick<ConversationView, 'sla'> | null | undefined, now: number): SlaCountdown | null {
  const next = [...(c?.sla ?? [])].sort((a, b) => a.dueAt - b.dueAt)[0];
  if (!next) return null;
  const state = now >= next.dueAt ? 'breached' : next.warnAt !== null && now >= next.warnAt ? 'warning' : 'ok';
  return { label: short(next.dueAt - now), state, target: next.target, dueAt: next.dueAt };
}
