import type { Actor, Deps } from '../deps';
import { findLead, type LeadRef } from './chat';
import { mutateConversation } from '../mutate-conversation';
import { getConversation } from '../conversations';
import { ServiceError } from '../service-error';
import { loadSettings } from '../workspace-settings';
import type { Priority } from '../../../utils/schemas/common';
import type { ConversationTable } from '../../store/tables';

/**
 * A rep links their chat to the automation's lead by hand (the automation knew a phone, the extension a
 * different JID or only a title): the lead's flow history and answers move to the rep's chat, the lead is
 * merged into it, and later automation events for that phone or JID land on the rep's chat.
 */
export function linkLead(deps: Deps, actor: Actor, conversationId: string, ref: LeadRef) {
  return mutateConversation<{ linked: boolean; leadId: string }>(deps, actor, conversationId, undefined, async (target, tx, now) => {
    if (target.merged_into) throw new ServiceError('BAD_REQUEST', 'this chat was merged into another one: link that one instead');
    const lead = await findLead(deps.store, tx, actor.workspaceId, target.channel_id, ref);
    if (!lead) throw new ServiceError('NOT_FOUND', 'no automation lead with that phone or JID on this number');
    if (lead.id === target.id) throw new ServiceError('BAD_REQUEST', 'this chat already is that lead');
    // Linking must not become a back door for taking a teammate's chat: that is what take over (with a reason) is for.
    const manager = actor.role === 'manager' || actor.role === 'admin';
    for (const chat of [target, lead]) {
      if (chat.owner_id && chat.owner_id !== actor.memberId && !manager) {
        return {
          ok: false as const,
          code: 'CONFLICT' as const,
          reason: 'owned-by-other' as const,
          message: 'another member owns that chat',
          ownerId: chat.owner_id,
        };
      }
    }
    // What the rep already has on their chat wins over the lead's copy of the same key.
    const moved = await deps.store.automation.moveLead(tx, actor.workspaceId, lead.id, target.id);
    if (!(await deps.store.conversations.writeIfUnchanged(tx, lead, { merged_into: target.id }, now)))
      throw new ServiceError('CONFLICT', 'the lead changed while linking: try again');
    const data = { leadId: lead.id, phone: lead.phone, jid: lead.jid, steps: moved.steps, answers: moved.answers };
    const carried = carryOver(target, lead, (await loadSettings(deps.store, actor.workspaceId, tx)).defaultQueue);
    return {
      patch: { ...(target.phone === null && lead.phone !== null ? { phone: lead.phone } : {}), ...carried.patch },
      events: [
        { type: 'conversation.merged', conversationId: target.id, data: { from: lead.chat_key, fromId: lead.id, to: target.chat_key, cause: 'lead-link' } },
        { type: 'automation.lead_linked', conversationId: target.id, data },
        ...carried.events.map((e) => ({ ...e, conversationId: target.id, data: { ...e.data, cause: 'lead-link' } })),
      ],
      result: { linked: true, leadId: lead.id },
    };
  });
}

const PRIORITY_RANK: Record<Priority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };
const MAX_LABELS = 20;

/**
 * What the automation decided about the lead (its queue, priority, labels) joins the rep's chat without undoing
 * what a person set there: the lead's queue only replaces the default one, the higher priority wins, labels add up.
 */
export function carryOver(
  target: Pick<ConversationTable, 'queue' | 'priority' | 'labels'>,
  lead: Pick<ConversationTable, 'queue' | 'priority' | 'labels'>,
  defaultQueue: string,
) {
  const patch: Partial<Pick<ConversationTable, 'queue' | 'priority' | 'labels'>> = {};
  const events: Array<{ type: 'conversation.queue_changed' | 'conversation.priority_changed' | 'conversation.labels_changed'; data: Record<string, unknown> }> =
    [];
  if (target.queue === defaultQueue && lead.queue !== target.queue) {
    patch.queue = lead.queue;
    events.push({ type: 'conversation.queue_changed', data: { from: target.queue, to: lead.queue } });
  }
  if (PRIORITY_RANK[lead.priority] > PRIORITY_RANK[target.priority]) {
    patch.priority = lead.priority;
    events.push({ type: 'conversation.priority_changed', data: { from: target.priority, to: lead.priority } });
  }
  const mine = JSON.parse(target.labels) as string[];
  const added = [...new Set(JSON.parse(lead.labels) as string[])].filter((l) => !mine.includes(l)).slice(0, Math.max(0, MAX_LABELS - mine.length));
  if (added.length > 0) {
    const labels = [...mine, ...added].sort();
    patch.labels = JSON.stringify(labels);
    events.push({ type: 'conversation.labels_changed', data: { from: mine, to: labels } });
  }
  return { patch, events };
}

/** The automation's flow history of a chat, oldest first, with its latest handoff summary and reason. */
export async function flowHistory(deps: Deps, actor: Actor, conversationId: string) {
  await getConversation(deps, actor, conversationId);
  const rows = await deps.store.automation.flowSteps(actor.workspaceId, conversationId);
  const steps = rows.map((r) => ({
    kind: r.kind,
    flow: r.flow,
    step: r.step,
    summary: r.summary,
    reason: r.reason,
    data: JSON.parse(r.data) as Record<string, unknown>,
    at: Number(r.at),
  }));
  const last = [...steps].reverse().find((s) => s.kind === 'handoff');
  return { steps, summary: last?.summary ?? null, handoffReason: last?.reason ?? null, handedOffAt: last?.at ?? null };
}
