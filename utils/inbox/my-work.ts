import type { ConversationView } from './types';

export interface WorkItem {
  conversation: ConversationView;
  /** Mine, or nobody's and waiting for a reply (anyone may take it). */
  whose: 'mine' | 'unowned';
  /** The nearest SLA due time; null when no clock runs. */
  dueAt: number | null;
}

const nearestDue = (c: ConversationView) => (c.sla.length ? Math.min(...c.sla.map((s) => s.dueAt)) : null);

/**
 * "Find my work": my open chats and the team's unowned waiting ones, the nearest SLA due time first; chats without a
 * running SLA after them, the longest waiting first, then by title so the order never jumps between refreshes.
 */
export function myWork(conversations: Iterable<ConversationView>, meId: string): WorkItem[] {
  const items: WorkItem[] = [];
  for (const c of conversations) {
    if (c.status === 'resolved' || c.mergedInto) continue;
    if (c.ownerId === meId) items.push({ conversation: c, whose: 'mine', dueAt: nearestDue(c) });
    else if (c.ownerId === null && c.waitingSince !== null) items.push({ conversation: c, whose: 'unowned', dueAt: nearestDue(c) });
  }
  const key = (v: number | null) => v ?? Infinity;
  return items.sort(
    (a, b) =>
      key(a.dueAt) - key(b.dueAt) ||
      key(a.conversation.waitingSince) - key(b.conversation.waitingSince) ||
      a.conversation.title.localeCompare(b.conversation.title),
  );
}
