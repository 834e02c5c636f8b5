import type { ConversationView } from '../../../utils/inbox/types';

/** A chat as the server shows it: unowned, open, in support, version 1, unless the test says otherwise. */
export const conv = (over: Partial<ConversationView>): ConversationView => ({
  id: 'c1', workspaceId: 'w', channelId: 'ch', chatKey: 't:x', jid: null, title: 'X', titleKey: 'x', kind: 'direct', phone: null, status: 'open', queue: 'support', ownerId: null,
  priority: 'normal', labels: [], waitingSince: null, episode: 1, snoozedUntil: null, lock: null, fence: 0, sla: [], ambiguous: false, handoffRequests: [], mergedInto: null, version: 1, updatedAt: 0, ...over,
});
