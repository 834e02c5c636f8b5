import type { ChatIdentity } from '../../utils/schemas/conversation';
import type { ConversationView } from '../../utils/inbox/types';
import type { InboxState } from './inbox-state';
import type { Call } from './server-calls';
import { channelItem } from './session-storage';

/** The WhatsApp number this browser's tab is linked to, as the server knows it; asked once per number. */
export function linkedAccount(call: Call, wid: string, onLinked: () => void) {
  return call(async (api) => {
    const known = await channelItem.getValue();
    if (known?.wid === wid) return { channelId: known.channelId };
    const ch = await api.conversations.resolveChannel.mutate({ wid });
    await channelItem.setValue({ wid, channelId: ch.id });
    onLinked();
    return { channelId: ch.id };
  });
}

/** The server's record of a chat the tab opened, on the linked number. */
export async function resolveChat(call: Call, identity: Omit<ChatIdentity, 'channelId'>) {
  const channel = await channelItem.getValue();
  if (!channel) return { ok: false as const, error: { code: 'PRECONDITION_FAILED', message: 'the linked WhatsApp number is not known yet' } };
  return call((api) => api.conversations.resolve.mutate({ ...identity, channelId: channel.channelId }));
}

/** The context panel's content: answers, notes and timeline, with the automation's flow beside them. */
export function conversationContext(call: Call, conversationId: string) {
  return call(async (api) => {
    const [context, flow] = await Promise.all([api.conversations.context.query({ conversationId }), api.automation.flowHistory.query({ conversationId })]);
    return { ...context, flow };
  });
}

/** A chat from the cache, else from the server; null when neither has it. */
export async function findConversation(state: InboxState, call: Call, id: string): Promise<ConversationView | null> {
  const cached = state.conversations.get(id);
  if (cached) return cached;
  const r = await call((api) => api.conversations.get.query({ conversationId: id }));
  return r.ok ? r.value : null;
}
