import type { MetricEvent, OwnerSpell, Reassignment } from './types';
import { isGuardedSend, senderOf, walk } from './walk';

export interface OwnershipFacts {
  reassignments: Reassignment[];
  spells: OwnerSpell[];
}

/**
 * Reassignments of one conversation: a member becomes owner while an earlier owner of the same episode
 * exists (a release and a later claim by someone else counts too). One is unnecessary when the new owner
 * sent nothing before losing the chat or its resolution, or when the chat went back to the owner it was
 * taken from within `bounceWindowMs`.
 */
export function ownershipFacts(events: readonly MetricEvent[], currentQueue: string, bounceWindowMs: number): OwnershipFacts {
  const out: OwnershipFacts = { reassignments: [], spells: [] };
  let lastOwner: string | null = null;
  let pending: { r: Reassignment; replied: boolean } | null = null;
  let spell: OwnerSpell | null = null;
  const decide = () => {
    if (pending) pending.r.unnecessary ??= !pending.replied;
    pending = null;
  };
  walk(events, currentQueue, (e, before, after) => {
    if (after.episode > before.episode) lastOwner = after.ownerId;
    if (e.type.startsWith('ownership.') && after.ownerId !== before.ownerId) {
      const to = after.ownerId;
      if (pending && pending.r.to === before.ownerId) decide();
      for (const r of out.reassignments) {
        if (r.from === to && r.episode === after.episode && e.at - r.at <= bounceWindowMs) r.unnecessary = true;
      }
      if (to !== null && lastOwner !== null && to !== lastOwner) {
        const r: Reassignment = {
          conversationId: e.conversationId!,
          episode: after.episode,
          at: e.at,
          from: lastOwner,
          to,
          queue: after.queue,
          unnecessary: null,
        };
        out.reassignments.push(r);
        pending = { r, replied: false };
      }
      if (to !== null) lastOwner = to;
      if (spell) spell.to = e.at;
      spell = to ? { conversationId: e.conversationId!, episode: after.episode, memberId: to, from: e.at, to: null, queue: after.queue } : null;
      if (spell) out.spells.push(spell);
    }
    if (pending && isGuardedSend(e) && senderOf(e) === pending.r.to && after.ownerId === pending.r.to) pending.replied = true;
    if (e.type === 'status.changed' && e.data.to === 'resolved') decide();
  });
  return out;
}
