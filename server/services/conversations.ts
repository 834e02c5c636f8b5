import type { ChatIdentity } from '../../utils/schemas/conversation';
import type { ConversationTable } from '../store/tables';
import type { Store, Tx } from '../store/store';
import type { Actor, Deps } from './deps';
import type { NewEvent } from '../store/event-log';
import { conversationView } from './conversation-view';
import { newId } from './ids';
import { normaliseTitle, titleChatKey } from '../../utils/schemas/chat-key';
import { ServiceError } from './service-error';
import { loadSettings } from './workspace-settings';
import { isUniqueViolation } from './mutate-conversation';
import { findLead } from './automation/chat';
import { newConversationRow } from './new-conversation-row';

export function resolveChannel(deps: Deps, actor: Actor, wid: string, name?: string) {
  return deps.store.channels.ensure(actor.workspaceId, { id: newId('ch'), wid, name: name ?? `+${wid}` }, deps.now());
}

/** The phone a chat shows: an unsaved contact's title is its number (digits after normalising), or the one given. */
export function phoneOf(identity: Pick<ChatIdentity, 'title' | 'phone'>): string | null {
  if (identity.phone) return identity.phone.replace(/^\+/, '');
  const key = identity.title ? normaliseTitle(identity.title) : '';
  return /^\d{6,20}$/.test(key) ? key : null;
}

/**
 * The automation's lead for a chat the extension sees for the first time, matched by the phone number it shows:
 * the chat joins the lead's record, so its answers, flow history and queue are there from the first look.
 */
async function leadFor(store: Store, tx: Tx, actor: Actor, identity: ChatIdentity, now: number, events: NewEvent[]): Promise<ConversationTable | undefined> {
  const phone = phoneOf(identity);
  if (!phone) return undefined;
  const lead = await findLead(store, tx, actor.workspaceId, identity.channelId, { phone });
  if (!lead || lead.merged_into !== null) return undefined;
  const title = identity.title ?? lead.title;
  // The label follows what WhatsApp shows, so the rep's row finds the record by its title.
  await store.conversations.overwrite(tx, lead, { title, title_key: normaliseTitle(title), phone }, now);
  events.push({
    type: 'automation.lead_linked',
    conversationId: lead.id,
    data: { leadId: lead.id, phone, jid: identity.jid ?? null, automatic: true, via: identity.jid ? 'jid-and-phone' : 'phone-in-title' },
  });
  return { ...lead, title, title_key: normaliseTitle(title), phone, version: Number(lead.version) + 1, updated_at: now };
}

/**
 * Finds or creates the conversation for what the extension sees. JID-keyed when the JID is known; a
 * title-keyed conversation merges into its JID once both are seen; a title seen for two JIDs is ambiguous.
 */
export async function resolveConversation(deps: Deps, actor: Actor, identity: ChatIdentity) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await resolveOnce(deps, actor, identity);
    } catch (err) {
      // Two browsers creating the same chat at once: the loser re-reads the winner's row.
      if (attempt < 3 && isUniqueViolation(err)) continue;
      throw err;
    }
  }
}

async function resolveOnce(deps: Deps, actor: Actor, identity: ChatIdentity) {
  const now = deps.now();
  const { store } = deps;
  const byKey = (tx: Tx, key: string) => store.conversations.byChatKey(actor.workspaceId, identity.channelId, key, tx);
  const out = await store.transaction(async (tx) => {
    if (!(await store.channels.get(actor.workspaceId, identity.channelId, tx))) throw new ServiceError('NOT_FOUND', 'no such channel in this workspace');
    const titleKey = identity.title ? normaliseTitle(identity.title) : null;
    const events: NewEvent[] = [];
    let row: ConversationTable | undefined;
    if (identity.jid) {
      row = await byKey(tx, identity.jid);
      const titled = titleKey ? await byKey(tx, titleChatKey(identity.title!)) : undefined;
      if (!row && titled && titled.merged_into === null) {
        // Only a title-keyed record exists: it becomes the JID-keyed one, keeping its history.
        await store.conversations.overwrite(tx, titled, { chat_key: identity.jid, jid: identity.jid }, now);
        row = { ...titled, chat_key: identity.jid, jid: identity.jid, version: Number(titled.version) + 1 };
        events.push({ type: 'conversation.merged', conversationId: row.id, data: { from: titled.chat_key, to: identity.jid } });
      } else if (row && titled && titled.merged_into === null && titled.id !== row.id) {
        await store.conversations.overwrite(tx, titled, { merged_into: row.id }, now);
        events.push({ type: 'conversation.merged', conversationId: row.id, data: { from: titled.chat_key, fromId: titled.id, to: identity.jid } });
      }
      if (!row) row = (await leadFor(store, tx, actor, identity, now, events)) ?? (await create(tx, deps, actor, identity, identity.jid, now, events));
      else if (identity.title && row.title !== identity.title) {
        // WhatsApp shows the newest name; keep it as the label (the JID stays the identity).
        await store.conversations.overwrite(tx, row, { title: identity.title, title_key: titleKey! }, now);
        events.push({ type: 'conversation.aliased', conversationId: row.id, data: { title: identity.title, previousTitle: row.title, jid: identity.jid } });
        row = { ...row, title: identity.title, title_key: titleKey!, version: Number(row.version) + 1, updated_at: now };
      }
      if (titleKey) {
        const alias = { workspace_id: actor.workspaceId, channel_id: identity.channelId, title_key: titleKey, jid: identity.jid, conversation_id: row.id };
        if (await store.conversations.addAlias(tx, alias))
          events.push({ type: 'conversation.aliased', conversationId: row.id, data: { title: identity.title, jid: identity.jid } });
      }
    } else {
      const jids = await store.conversations.aliasesOf(tx, actor.workspaceId, identity.channelId, titleKey!);
      if (jids.length > 1) return { ambiguous: true as const, candidates: jids.map((j) => j.conversation_id), eventId: null };
      row = jids.length === 1 ? await store.conversations.get(actor.workspaceId, jids[0].conversation_id, tx) : await byKey(tx, titleChatKey(identity.title!));
      if (row?.merged_into) row = await store.conversations.get(actor.workspaceId, row.merged_into, tx);
      if (!row)
        row = (await leadFor(store, tx, actor, identity, now, events)) ?? (await create(tx, deps, actor, identity, titleChatKey(identity.title!), now, events));
    }
    const eventId = await store.events.append(tx, actor.workspaceId, actor.memberId, now, events);
    const ambiguous = titleKey ? (await store.conversations.aliasesOf(tx, actor.workspaceId, identity.channelId, titleKey)).length > 1 : false;
    return { ambiguous: false as const, conversation: conversationView(row, now, ambiguous), eventId };
  });
  if (out.eventId !== null) store.publish(actor.workspaceId, out.eventId);
  return out;
}

async function create(tx: Tx, deps: Deps, actor: Actor, identity: ChatIdentity, chatKey: string, now: number, events: NewEvent[]): Promise<ConversationTable> {
  const settings = await loadSettings(deps.store, actor.workspaceId, tx);
  const row = newConversationRow(
    {
      workspace_id: actor.workspaceId,
      channel_id: identity.channelId,
      chat_key: chatKey,
      jid: identity.jid ?? null,
      title: identity.title ?? identity.jid!,
      title_key: identity.title ? normaliseTitle(identity.title) : identity.jid!,
      kind: identity.kind ?? (identity.jid?.endsWith('@g.us') ? 'group' : 'direct'),
      phone: phoneOf(identity),
      queue: settings.defaultQueue,
    },
    now,
  );
  await deps.store.conversations.insert(tx, row);
  events.push({ type: 'conversation.created', conversationId: row.id, data: { channelId: row.channel_id, chatKey, title: row.title, kind: row.kind } });
  return row;
}

export async function getConversation(deps: Deps, actor: Actor, id: string) {
  const row = await deps.store.conversations.get(actor.workspaceId, id);
  if (!row) throw new ServiceError('NOT_FOUND', 'no such conversation in this workspace');
  return conversationView(row, deps.now());
}

export async function listConversations(
  deps: Deps,
  actor: Actor,
  filter: { ownerId?: string | null; channelId?: string; limit: number; updatedAfter?: number },
) {
  const rows = await deps.store.conversations.list(actor.workspaceId, filter);
  const now = deps.now();
  return rows.map((r) => conversationView(r, now));
}

/** Notes, answers and the timeline of one conversation: what the context panel shows. */
export async function conversationContext(deps: Deps, actor: Actor, id: string) {
  const conversation = await getConversation(deps, actor, id);
  const [notes, answers, events] = await Promise.all([
    deps.store.notes.list(actor.workspaceId, id),
    deps.store.automation.answers(actor.workspaceId, id),
    deps.store.events.conversationTimeline(actor.workspaceId, id, ['lock.renewed'], 200),
  ]);
  return {
    conversation,
    notes: notes.map((n) => ({ id: n.id, authorId: n.author_id, body: n.body, mentions: JSON.parse(n.mentions) as string[], createdAt: Number(n.created_at) })),
    answers: answers.map((a) => ({ key: a.key, value: a.value, source: a.source, updatedAt: Number(a.updated_at) })),
    timeline: events,
  };
}
