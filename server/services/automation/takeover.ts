import { effectiveStatus } from '../../domain/status';
import type { Actor, Deps } from '../deps';
import { mutateConversation } from '../mutate-conversation';
import { ownerPatch } from '../routing/pick';

/** A member takes a chat from the automation: it becomes open and theirs, with who, when and why logged. */
export function takeOverFromBot(deps: Deps, actor: Actor, conversationId: string, reason?: string, idempotencyKey?: string) {
  return mutateConversation(deps, actor, conversationId, idempotencyKey, (row, _tx, now) => {
    const from = effectiveStatus({ status: row.status, snoozedUntil: row.snoozed_until === null ? null : Number(row.snoozed_until) }, now);
    if (from !== 'bot') return { ok: false, code: 'BAD_REQUEST', message: 'the automation is not handling this chat' } as const;
    if (row.owner_id && row.owner_id !== actor.memberId)
      return { ok: false, code: 'CONFLICT', reason: 'owned-by-other', message: 'another member owns this chat', ownerId: row.owner_id } as const;
    const episode = Number(row.episode);
    const why = reason ? { reason } : {};
    return {
      patch: { status: 'open', ...ownerPatch(row, actor.memberId, now) },
      events: [
        {
          type: 'status.changed',
          conversationId: row.id,
          data: { from: 'bot', to: 'open', episode, cause: 'human-takeover', memberId: actor.memberId, ...why },
        },
        ...(row.owner_id
          ? []
          : [
              {
                type: 'ownership.claimed' as const,
                conversationId: row.id,
                data: { from: null, to: actor.memberId, via: 'bot-takeover', ...why, version: Number(row.version) + 1 },
              },
            ]),
      ],
      result: { changed: true },
    };
  });
}
