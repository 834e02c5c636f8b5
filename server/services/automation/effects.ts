import type { Refusal } from '../../domain/errors';
import { effectiveStatus } from '../../domain/status';
import type { ConversationTable } from '../../store/tables';
import type { Store, Tx } from '../../store/store';
import type { NewEvent } from '../../store/event-log';
import type { FlowStepTable } from '../../store/tables';
import type { WebhookEvent, WebhookEventOf } from './events';
import { newId } from '../ids';
import type { Mutation } from '../mutate-conversation';
import { ownerPatch } from '../routing/pick';

type Effect = Promise<Omit<Mutation<object>, 'result'> | Refusal>;
const statusOf = (row: ConversationTable, now: number) =>
  effectiveStatus({ status: row.status, snoozedUntil: row.snoozed_until === null ? null : Number(row.snoozed_until) }, now);

/** The transaction an effect runs in, and the chat it changes. */
interface On {
  store: Store;
  tx: Tx;
  row: ConversationTable;
  now: number;
}

async function addFlowRow({ store, tx, row, now }: On, r: Pick<FlowStepTable, 'kind' | 'at'> & Partial<FlowStepTable>) {
  await store.automation.addFlowStep(tx, {
    id: newId('flow'),
    workspace_id: row.workspace_id,
    conversation_id: row.id,
    flow: null,
    step: null,
    summary: null,
    reason: null,
    data: '{}',
    created_at: now,
    ...r,
  });
}

/** Automation answers replace earlier values of the same keys, whoever typed them. */
async function upsertAnswers({ store, tx, row, now }: On, answers: Record<string, string | number | boolean>): Promise<NewEvent> {
  await store.automation.setAnswers(
    tx,
    Object.entries(answers).map(([key, v]) => ({
      workspace_id: row.workspace_id,
      conversation_id: row.id,
      key,
      value: String(v),
      source: 'automation',
      updated_at: now,
    })),
  );
  return { type: 'automation.answers', conversationId: row.id, data: { keys: Object.keys(answers).sort() } };
}

/** The automation takes the chat: status `bot`. It may take an unowned or resolved chat, never one a member is working. */
async function botStart(ev: WebhookEventOf<'bot.start'>, on: On): Effect {
  const { row, now } = on;
  const from = statusOf(row, now);
  if (from === 'bot') return { patch: null, events: [] };
  if (row.owner_id && from !== 'resolved') {
    return { ok: false, code: 'CONFLICT', reason: 'owned-by-other', message: 'a member owns this chat: the automation cannot take it', ownerId: row.owner_id };
  }
  await addFlowRow(on, { kind: 'start', flow: ev.flow ?? null, at: ev.at ?? now });
  // A resolved chat the customer writes to again starts a new episode, here with the bot.
  const episode = from === 'resolved' ? Number(row.episode) + 1 : Number(row.episode);
  const events: NewEvent[] = [];
  if (row.owner_id)
    events.push({
      type: 'ownership.released',
      conversationId: row.id,
      data: { from: row.owner_id, to: null, reason: 'automation', version: Number(row.version) + 1 },
    });
  events.push({ type: 'status.changed', conversationId: row.id, data: { from, to: 'bot', episode, cause: 'automation-start', flow: ev.flow ?? null } });
  const waiting_since = from === 'resolved' ? null : row.waiting_since;
  return { patch: { status: 'bot', snoozed_until: null, episode, waiting_since, ...ownerPatch(row, null, now) }, events };
}

async function flowStep(ev: WebhookEventOf<'flow.step'>, on: On): Effect {
  const { row } = on;
  await addFlowRow(on, { kind: 'step', flow: ev.flow, step: ev.step, at: ev.at, data: JSON.stringify(ev.data ?? {}) });
  return { patch: null, events: [{ type: 'automation.flow_step', conversationId: row.id, data: { flow: ev.flow, step: ev.step, at: ev.at } }] };
}

/** A bot message is an outgoing message that answers nobody: waitingSince stays as it was. */
async function botReply(ev: WebhookEventOf<'bot.reply'>, { store, tx, row, now }: On): Effect {
  const key = ev.messageId ? `id:${ev.messageId}` : `bot:${ev.eventId}`;
  const fresh = await store.messages.record(tx, {
    workspace_id: row.workspace_id,
    conversation_id: row.id,
    dedupe_key: key,
    direction: 'out',
    at: ev.at,
    message_id: ev.messageId ?? null,
    attributed_to: null,
    episode: Number(row.episode),
    created_at: now,
  });
  if (!fresh) return { patch: null, events: [] };
  return {
    patch: null,
    events: [
      {
        type: 'message.observed',
        conversationId: row.id,
        data: { direction: 'out', at: ev.at, messageId: ev.messageId ?? null, byBot: true, attributedTo: null, source: 'automation' },
      },
    ],
  };
}

/** The automation hands the chat to humans: open, in the given queue and priority, waiting since the handoff. */
async function handoff(ev: WebhookEventOf<'handoff'>, on: On): Effect {
  const { row, now } = on;
  const at = Math.min(ev.at ?? now, now);
  const from = statusOf(row, now);
  const episode = from === 'resolved' ? Number(row.episode) + 1 : Number(row.episode);
  const waitingSince = from === 'resolved' || row.waiting_since === null ? at : Number(row.waiting_since);
  await addFlowRow(on, {
    kind: 'handoff',
    summary: ev.summary,
    reason: ev.reason,
    at,
    data: JSON.stringify({ queue: ev.queue, priority: ev.priority }),
  });
  const events: NewEvent[] = [
    {
      type: 'automation.handoff',
      conversationId: row.id,
      data: { queue: ev.queue, priority: ev.priority, summary: ev.summary, reason: ev.reason, at, fromStatus: from },
    },
  ];
  if (from !== 'open') events.push({ type: 'status.changed', conversationId: row.id, data: { from, to: 'open', episode, cause: 'automation-handoff' } });
  if (row.queue !== ev.queue) events.push({ type: 'conversation.queue_changed', conversationId: row.id, data: { from: row.queue, to: ev.queue } });
  if (row.priority !== ev.priority)
    events.push({ type: 'conversation.priority_changed', conversationId: row.id, data: { from: row.priority, to: ev.priority } });
  if (ev.answers) events.push(await upsertAnswers(on, ev.answers));
  return { patch: { status: 'open', snoozed_until: null, episode, waiting_since: waitingSince, queue: ev.queue, priority: ev.priority }, events };
}

export async function automationEffect(store: Store, ev: WebhookEvent, row: ConversationTable, tx: Tx, now: number): Effect {
  const on: On = { store, tx, row, now };
  switch (ev.type) {
    case 'bot.start':
      return botStart(ev, on);
    case 'flow.step':
      return flowStep(ev, on);
    case 'qualification.answers':
      return { patch: null, events: [await upsertAnswers(on, ev.answers)] };
    case 'bot.reply':
      return botReply(ev, on);
    case 'handoff':
      return handoff(ev, on);
  }
}
