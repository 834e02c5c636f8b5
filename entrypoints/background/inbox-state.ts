import type { ConversationView, MemberView, OutboxConflict, Snapshot } from '../../utils/inbox/types';
import type { AppDb } from '../../utils/db/app-db';

/** The background's view of the workspace: Dexie is the durable copy, this object the fast one. */
export class InboxState {
  conversations = new Map<string, ConversationView>();
  members = new Map<string, MemberView>();
  online = false;
  loaded = false;

  constructor(private db: AppDb) {}

  async load(): Promise<void> {
    const [convs, members] = await Promise.all([this.db.conversations.toArray(), this.db.members.toArray()]);
    this.conversations = new Map(convs.map((c) => [c.id, c]));
    this.members = new Map(members.map((m) => [m.id, m]));
    this.loaded = true;
  }

  /**
   * Keeps only newer versions (events can race with a snapshot load, and a command's result arrives before its
   * feed event): each change is applied once; the memory copy changes at once. A record merged into another one is
   * a tombstone: it is dropped, never kept beside the chat it became.
   */
  accept(list: ConversationView[]): ConversationView[] {
    const fresh = list.filter((c) => (this.conversations.get(c.id)?.version ?? -1) < c.version);
    for (const c of fresh) {
      if (c.mergedInto) this.conversations.delete(c.id);
      else this.conversations.set(c.id, c);
    }
    return fresh;
  }

  async persist(list: ConversationView[]): Promise<void> {
    const [gone, kept] = [list.filter((c) => c.mergedInto), list.filter((c) => !c.mergedInto)];
    if (gone.length) await this.db.conversations.bulkDelete(gone.map((c) => c.id));
    if (kept.length) await this.db.conversations.bulkPut(kept);
  }

  /** Drops records merged away (the feed's tombstone); returns the ids this cache held. */
  async remove(ids: string[]): Promise<string[]> {
    const held = ids.filter((id) => this.conversations.delete(id));
    if (held.length) await this.db.conversations.bulkDelete(held);
    return held;
  }

  async putConversations(list: ConversationView[]): Promise<ConversationView[]> {
    const fresh = this.accept(list);
    await this.persist(fresh);
    return fresh;
  }

  async replaceMembers(list: MemberView[]): Promise<void> {
    this.members = new Map(list.map((m) => [m.id, m]));
    await this.db.transaction('rw', this.db.members, async () => {
      await this.db.members.clear();
      await this.db.members.bulkPut(list);
    });
  }

  async clear(): Promise<void> {
    this.conversations.clear();
    this.members.clear();
    await Promise.all([this.db.conversations.clear(), this.db.members.clear(), this.db.outbox.clear(), this.db.conflicts.clear()]);
  }

  async snapshot(base: {
    signedIn: boolean;
    me: MemberView | null;
    channelId: string | null;
    lastEventId: number;
    signedOut: Snapshot['signedOut'];
    rules: Snapshot['rules'];
  }): Promise<Snapshot> {
    const me = base.me ? (this.members.get(base.me.id) ?? base.me) : null;
    return { ...base, me, members: [...this.members.values()], conversations: [...this.conversations.values()], ...(await this.status()) };
  }

  /** Connection and outbox state only: what a tab's header shows, without copying every conversation. */
  async status(): Promise<{ online: boolean; outboxPending: number; outboxConflicts: OutboxConflict[] }> {
    const [outboxPending, conflicts] = await Promise.all([this.db.outbox.count(), this.db.conflicts.orderBy('at').reverse().limit(20).toArray()]);
    return { online: this.online, outboxPending, outboxConflicts: conflicts as OutboxConflict[] };
  }
}
