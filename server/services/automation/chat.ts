import { normaliseTitle } from '../../../utils/schemas/chat-key';
import type { Store, Tx } from '../../store/store';
import type { ConversationTable } from '../../store/tables';
import { newId } from '../ids';
import type { LoadOrCreate } from '../mutate-conversation';
import { loadSettings } from '../workspace-settings';
import { newConversationRow } from '../new-conversation-row';

export type LeadRef = { phone?: string; jid?: string };

const digitsOf = (phone: string) => phone.replace(/^\+/, '');
/** A phone alone keys the chat by the JID WhatsApp Web gives direct chats, so the extension's record matches. */
export const leadKey = (ref: LeadRef): string => ref.jid ?? `${digitsOf(ref.phone!)}@c.us`;

/** The conversation on a channel with that JID or phone; a merged one leads to the chat it was merged into. */
export async function findLead(store: Store, tx: Tx, workspaceId: string, channelId: string, ref: LeadRef): Promise<ConversationTable | undefined> {
  let row = await store.conversations.byChatKey(workspaceId, channelId, leadKey(ref), tx);
  if (!row && ref.phone) {
    // A chat the extension keyed by its title shows the number as its title when the contact is not saved.
    const rows = await store.conversations.byPhone(workspaceId, channelId, digitsOf(ref.phone), tx);
    row = rows.find((r) => r.merged_into === null) ?? rows[0];
  }
  for (let hops = 0; row?.merged_into && hops < 5; hops++) {
    row = await store.conversations.get(workspaceId, row.merged_into, tx);
  }
  return row;
}

/**
 * Finds the automation's chat (locked, for the change that follows), or creates its channel and conversation (an
 * open, unowned chat) inside the change's own transaction, so a delivery that fails leaves neither behind.
 */
export function leadChat(workspaceId: string, who: LeadRef & { channelWid: string; name?: string }): LoadOrCreate {
  return async (tx, now, store) => {
    const channel = await store.channels.ensure(workspaceId, { id: newId('ch'), wid: who.channelWid, name: `+${who.channelWid}` }, now, tx);
    const found = await findLead(store, tx, workspaceId, channel.id, who);
    if (found) return { row: (await store.conversations.loadForChange(tx, workspaceId, found.id))!, events: [] };
    const key = leadKey(who);
    const title = who.name ?? (who.phone ? `+${digitsOf(who.phone)}` : key);
    const { defaultQueue } = await loadSettings(store, workspaceId, tx);
    const row = newConversationRow(
      {
        workspace_id: workspaceId,
        channel_id: channel.id,
        chat_key: key,
        jid: key,
        title,
        title_key: normaliseTitle(title),
        kind: key.endsWith('@g.us') ? 'group' : 'direct',
        phone: who.phone ? digitsOf(who.phone) : null,
        queue: defaultQueue,
      },
      now,
    );
    await store.conversations.insert(tx, row);
    const data = { channelId: channel.id, chatKey: key, title, kind: row.kind, source: 'automation' };
    return { row, events: [{ type: 'conversation.created', conversationId: row.id, data }] };
  };
}
