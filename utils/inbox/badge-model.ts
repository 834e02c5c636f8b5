import type { ConversationView, MemberView } from './types';
import { slaCountdown } from './sla-countdown';
import { displayName } from '../schemas/member';

/** What a chat row's badge says; compared by value so an unchanged row is not touched. */
export interface BadgeModel {
  owner: { initials: string; color: string; name: string } | null;
  ownerIsMe: boolean;
  status: string | null;
  bot: boolean;
  replying: string | null;
  unattended: boolean;
  ambiguous: boolean;
  sla: { label: string; state: 'ok' | 'warning' | 'breached' } | null;
}

export function badgeModel(
  lookup: { conversation: ConversationView | null; ambiguous: boolean },
  members: Map<string, MemberView>,
  meId: string | null,
  now: number,
): BadgeModel {
  const c = lookup.conversation;
  const owner = c?.ownerId ? members.get(c.ownerId) : undefined;
  const lock = c?.lock && c.lock.expiresAt > now ? c.lock : null;
  const replier = lock ? (lock.holderId === meId ? 'You' : members.get(lock.holderId)?.name ?? 'A teammate') : null;
  return {
    owner: c?.ownerId ? { initials: owner?.initials ?? '?', color: owner?.color ?? '#666', name: owner ? displayName(owner) : 'a former member' } : null,
    ownerIsMe: !!c?.ownerId && c.ownerId === meId,
    status: c && c.status !== 'open' && c.status !== 'bot' ? c.status : null,
    bot: c?.status === 'bot',
    replying: replier,
    unattended: !!c && c.waitingSince !== null && c.status !== 'resolved',
    ambiguous: lookup.ambiguous,
    sla: slaLabel(c, now),
  };
}

export const sameBadge = (a: BadgeModel | undefined, b: BadgeModel) => a !== undefined && JSON.stringify(a) === JSON.stringify(b);

function slaLabel(c: ConversationView | null, now: number) {
  const s = c && c.status !== 'resolved' ? slaCountdown(c, now) : null;
  return s ? { label: s.label, state: s.state } : null;
}
