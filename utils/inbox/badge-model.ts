import type { ConversationView, MemberView } from './types';
import { slaCountdown } from './sla-countdown';
import { currentLocale } from '../i18n/locale';
import { memberName } from '../i18n/member-name';

/** What a chat row's badge says; compared by value so an unchanged row is not touched. */
export interface BadgeModel {
  owner: { initials: string; color: string; name: string | null } | null;
  ownerIsMe: boolean;
  status: string | null;
  bot: boolean;
  /** Who holds the reply lock: this rep, or a teammate by name (null when no longer a member). */
  replying: { me: boolean; name: string | null } | null;
  unattended: boolean;
  ambiguous: boolean;
  sla: { label: string; state: 'ok' | 'warning' | 'breached' } | null;
  /** The language the badge was drawn in: a switch redraws every badge. */
  locale: string;
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
  const replier = lock ? { me: lock.holderId === meId, name: lock.holderId === meId ? null : (members.get(lock.holderId)?.name ?? null) } : null;
  return {
    owner: c?.ownerId ? { initials: owner?.initials ?? '?', color: owner?.color ?? '#666', name: owner ? memberName(owner) : null } : null,
    ownerIsMe: !!c?.ownerId && c.ownerId === meId,
    status: c && c.status !== 'open' && c.status !== 'bot' ? c.status : null,
    bot: c?.status === 'bot',
    replying: replier,
    unattended: !!c && c.waitingSince !== null && c.status !== 'resolved',
    ambiguous: lookup.ambiguous,
    sla: slaLabel(c, now),
    locale: currentLocale(),
  };
}

export const sameBadge = (a: BadgeModel | undefined, b: BadgeModel) => a !== undefined && JSON.stringify(a) === JSON.stringify(b);

function slaLabel(c: ConversationView | null, now: number) {
  const s = c && c.status !== 'resolved' ? slaCountdown(c, now) : null;
  return s ? { label: s.label, state: s.state } : null;
}
