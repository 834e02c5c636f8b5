import type { EventView, MemberView, TabPush } from '../../utils/inbox/types';
import { whenAllowed, type Api } from './api-client';
import type { Attention } from './attention';
import type { InboxState } from './inbox-state';
import { lastEventIdItem } from './session-storage';
import { renamesQueue, rulesItem } from './workspace-rules';
import { changesWorkspaceSettings } from '../../utils/schemas/events';

export interface FeedSyncDeps {
  state: InboxState;
  attention: Attention;
  broadcast(push: TabPush): void;
  broadcastSnapshot(): Promise<void>;
  me(): MemberView | null;
  /** The feed told this member of its own revocation. */
  revoked(): Promise<void>;
}

/** Keeps the cache in step with the server: the lists once, then every live-feed event as it comes, in order. */
export class FeedSync {
  constructor(private deps: FeedSyncDeps) {}

  /** Reads the head id before the lists, so the feed replays anything that changed while they loaded. */
  async loadSnapshot(api: Api): Promise<number> {
    const { state, attention } = this.deps;
    const { lastEventId } = await api.events.head.query();
    const [conversations, members, rules] = await Promise.all([
      api.conversations.list.query({ limit: 5000 }),
      api.members.list.query(),
      api.settings.rules.query(),
    ]);
    await state.putConversations(conversations);
    await state.replaceMembers(members);
    await rulesItem.setValue(rules);
    void attention.refreshBadge();
    await lastEventIdItem.setValue(lastEventId);
    await this.deps.broadcastSnapshot();
    return lastEventId;
  }

  async apply(api: Api, event: EventView) {
    const { state, attention, broadcast } = this.deps;
    // The feed tells this member of its own revocation first: sign out at once rather than fail every call.
    if (event.type === 'member.revoked' && (event.data as { memberId?: string }).memberId === this.deps.me()?.id) return this.deps.revoked();
    // A merge's tombstone: the record merged away leaves every cache, so no row ever matches it beside its chat.
    const mergedAway = event.type === 'conversation.merged' ? (event.data as { fromId?: unknown }).fromId : undefined;
    if (typeof mergedAway === 'string') {
      const removed = await state.remove([mergedAway]);
      if (removed.length) broadcast({ type: 'removed', conversationIds: removed });
    }
    if (event.conversationId) await this.applyConversation(api, event);
    // The handoff rule still travels as a routing change, so both kinds of settings event reread the rules.
    if (changesWorkspaceSettings(event)) await this.refreshRules(api, renamesQueue(event));
    if (event.type.startsWith('member.')) {
      await state.replaceMembers(await whenAllowed(() => api.members.list.query()));
      broadcast({ type: 'members', members: [...state.members.values()] });
    }
    // A notification that cannot be shown must not hold up the feed.
    await attention.onEvent(event).catch((err) => console.warn('[inbox] notification failed', err));
    // Writing extension storage per event also counts as activity for the worker's idle timer.
    await lastEventIdItem.setValue(event.id);
  }

  private async applyConversation(api: Api, event: EventView) {
    const { state, attention, broadcast } = this.deps;
    const { conversation: carried, ...bare } = event;
    // The feed carries the conversation; only an event it could not place needs a fetch (a busy workspace's feed
    // can outrun the member's rate limit: wait rather than skip the change).
    const conversation = carried ?? (await whenAllowed(() => api.conversations.get.query({ conversationId: event.conversationId! })));
    const fresh = state.accept([conversation]);
    // Tabs first: the badge should not wait for IndexedDB. Every event goes to them even when its view is not
    // newer (a page of events carries one view): the traffic cop and the slipped-send notice read the event.
    if (conversation.mergedInto) {
      if (fresh.length) broadcast({ type: 'removed', conversationIds: [conversation.id] });
    } else {
      broadcast({ type: 'conversation', conversation: state.conversations.get(conversation.id) ?? conversation, event: bare });
    }
    await state.persist(fresh);
    void attention.refreshBadge();
  }

  /** The team changed its rules or queues: every tab follows at once; a renamed queue reloads the chats it moved. */
  private async refreshRules(api: Api, reloadChats: boolean) {
    const rules = await whenAllowed(() => api.settings.rules.query());
    await rulesItem.setValue(rules);
    if (!reloadChats) return this.deps.broadcast({ type: 'rules', rules });
    await this.deps.state.putConversations(await whenAllowed(() => api.conversations.list.query({ limit: 5000 })));
    await this.deps.broadcastSnapshot();
  }
}
