import type { Actor, Deps } from '../deps';
import type { WebhookEvent } from './events';
import { automationEffect } from './effects';
import { leadChat } from './chat';
import { mutateConversation } from '../mutate-conversation';
import { routeConversation } from '../routing/route';
import { ServiceError } from '../service-error';
import { loadSettings } from '../workspace-settings';

/** The automation's changes are logged as made by this actor id, not by a member. */
export const automationActor = (workspaceId: string): Actor => ({ memberId: 'system:automation', workspaceId, role: 'admin' });

export interface WebhookOutcome {
  duplicate: boolean;
  conversationId: string | null;
  status?: string;
  ownerId?: string | null;
}

/**
 * Applies one verified automation event exactly once per eventId: finds or creates the chat, then changes it
 * through the same locked compare-and-set as every other change, recording the eventId in that transaction.
 * A handoff is then routed like any chat that starts waiting.
 */
export async function applyWebhookEvent(deps: Deps, workspaceId: string, ev: WebhookEvent): Promise<WebhookOutcome> {
  const seen = await deps.store.automation.delivery(workspaceId, ev.eventId);
  if (seen) return { duplicate: true, conversationId: seen.conversation_id };
  if (ev.type === 'handoff') {
    const { queues } = await loadSettings(deps.store, workspaceId);
    if (!queues.includes(ev.queue)) throw new ServiceError('BAD_REQUEST', `unknown queue "${ev.queue}"; this workspace has: ${queues.join(', ')}`);
  }
  const out = await mutateConversation(deps, automationActor(workspaceId), leadChat(workspaceId, ev), undefined, async (row, tx, now) => {
    const raced = await deps.store.automation.delivery(workspaceId, ev.eventId, tx);
    if (raced) return { patch: null, events: [], result: { duplicate: true } };
    const effect = await automationEffect(deps.store, ev, row, tx, now);
    if ('ok' in effect) return effect;
    // A concurrent delivery of the same eventId fails this insert; the retry then sees it as a duplicate.
    await deps.store.automation.recordDelivery(tx, {
      workspace_id: workspaceId,
      event_id: ev.eventId,
      type: ev.type,
      conversation_id: row.id,
      received_at: now,
    });
    return { ...effect, result: { duplicate: false } };
  });
  let conversation = out.conversation;
  const conversationId = conversation.id;
  if (!out.duplicate && ev.type === 'handoff' && conversation.ownerId === null) {
    conversation = (await routeConversation(deps, workspaceId, conversationId)).conversation;
  }
  return { duplicate: out.duplicate, conversationId, status: conversation.status, ownerId: conversation.ownerId };
}
