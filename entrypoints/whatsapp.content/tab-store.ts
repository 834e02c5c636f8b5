import type { ConversationView, EventView, MemberView, OutboxConflict, Snapshot, TabPush, WorkspaceRules } from '../../utils/inbox/types';
import { normaliseTitle } from '../../utils/schemas/chat-key';
import { workspaceRules } from '../../utils/inbox/rules-store';

/** A send that went past the guard in a chat another member owned or was answering, as this member is told of it. */
export interface SlippedNotice {
  eventId: number;
  conversationId: string;
  memberId: string;
  ownerId: string | null;
  holderId: string | null;
  path: string;
}

/** Which conversations changed; 'all' when anything may have; 'status' when only the connection or outbox did. */
export type Change = Set<string> | 'all' | 'status';
type Listener = (changed: Change) => void;

/** The tab's copy of the workspace, fed by the background; everything the overlays and guard read at once. */
export class TabStore {
  signedIn = false;
  online = false;
  me: MemberView | null = null;
  channelId: string | null = null;
  members = new Map<string, MemberView>();
  outboxPending = 0;
  conflicts: OutboxConflict[] = [];
  /** The team's rules (handoff note, take-over, queues); null until the background has read them once. */
  rules: WorkspaceRules | null = null;
  private byId = new Map<string, ConversationView>();
  private byTitle = new Map<string, Set<string>>();
  private byJid = new Map<string, Set<string>>();
  /** Newest customer message or teammate action per conversation, for the traffic-cop rule. */
  readonly foreignActivity = new Map<string, number>();
  /** Slipped sends this member took part in (sent one, or owned or held the chat), newest last; replaced on change. */
  slipped: SlippedNotice[] = [];
  private listeners = new Set<Listener>();

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** While a batch is applied: what changed, told to the listeners once at its end. */
  private held: { ids: Set<string>; all: boolean; status: boolean } | null = null;

  private emit(changed: Change) {
    if (this.held) {
      if (changed === 'all') this.held.all = true;
      else if (changed === 'status') this.held.status = true;
      else for (const id of changed) this.held.ids.add(id);
      return;
    }
    for (const l of this.listeners) l(changed);
  }

  apply(push: TabPush) {
    switch (push.type) {
      case 'batch':
        return this.applyBatch(push.pushes);
      case 'snapshot':
        this.load(push.snapshot);
        return this.emit('all');
      case 'conversation': {
        const slipped = this.slipped;
        this.put(push.conversation);
        if (push.event) this.noteActivity(push.event);
        this.emit(new Set([push.conversation.id]));
        // A slipped send concerns this member whichever chat is open: tell the overlays apart from the chat's change.
        if (slipped !== this.slipped) this.emit('status');
        return;
      }
      case 'removed':
        for (const id of push.conversationIds) this.remove(id);
        return this.emit(new Set(push.conversationIds));
      case 'members':
        this.members = new Map(push.members.map((m) => [m.id, m]));
        return this.emit('all');
      case 'rules':
        this.setRules(push.rules);
        return this.emit('all');
      case 'status':
        this.online = push.online;
        this.outboxPending = push.outboxPending;
        this.conflicts = push.outboxConflicts;
        return this.emit('status');
    }
  }

  private applyBatch(pushes: TabPush[]) {
    if (this.held) return pushes.forEach((p) => this.apply(p));
    const held = (this.held = { ids: new Set<string>(), all: false, status: false });
    try {
      for (const p of pushes) this.apply(p);
    } finally {
      this.held = null;
    }
    if (held.all) this.emit('all');
    else if (held.ids.size) this.emit(held.ids);
    if (held.status) this.emit('status');
  }

  private load(s: Snapshot) {
    this.signedIn = s.signedIn;
    this.online = s.online;
    this.me = s.me;
    this.channelId = s.channelId;
    this.outboxPending = s.outboxPending;
    this.conflicts = s.outboxConflicts;
    this.members = new Map(s.members.map((m) => [m.id, m]));
    this.setRules(s.rules ?? null);
    this.byId.clear();
    this.byTitle.clear();
    this.byJid.clear();
    for (const c of s.conversations) this.put(c);
  }

  private setRules(rules: WorkspaceRules | null) {
    this.rules = rules;
    workspaceRules.set(rules);
  }

  /** The number this tab is linked to: every lookup is scoped to it, so other numbers' chats never match. */
  setChannel(channelId: string) {
    if (this.channelId === channelId) return;
    this.channelId = channelId;
    this.emit('all');
  }

  /** Local changes (a claim we just made) are shown at once, before the feed confirms them. */
  put(c: ConversationView) {
    const prev = this.byId.get(c.id);
    if (prev && prev.version > c.version) return;
    if (c.mergedInto) return this.remove(c.id);
    if (prev) this.unindex(prev);
    this.byId.set(c.id, c);
    if (c.jid) index(this.byJid, c.jid, c.id);
    index(this.byTitle, c.titleKey, c.id);
  }

  /** A record merged into another one is gone: a row must never match it again. */
  remove(id: string) {
    const prev = this.byId.get(id);
    if (!prev) return;
    this.unindex(prev);
    this.byId.delete(id);
    this.foreignActivity.delete(id);
  }

  private unindex(c: ConversationView) {
    this.byTitle.get(c.titleKey)?.delete(c.id);
    if (c.jid) this.byJid.get(c.jid)?.delete(c.id);
  }

  private onThisNumber(ids: Set<string> | undefined): ConversationView[] {
    const out: ConversationView[] = [];
    for (const id of ids ?? []) {
      const c = this.byId.get(id);
      if (c && (this.channelId === null || c.channelId === this.channelId)) out.push(c);
    }
    return out;
  }

  putAndNotify(c: ConversationView) {
    this.put(c);
    this.emit(new Set([c.id]));
  }

  /**
   * The traffic cop's clock: when a customer message or a teammate's send really happened. History seen on
   * opening a chat is backfill and never counts; a message carries its own time, later than the commit only never.
   */
  private noteActivity(e: EventView) {
    if (!e.conversationId || !this.me) return;
    if (e.type === 'send.slipped') this.noteSlipped(e);
    const data = e.data as { direction?: string; byBot?: boolean; memberId?: string; at?: unknown; backfill?: boolean };
    if (data.backfill) return;
    const customer = e.type === 'message.observed' && data.direction === 'in';
    const teammate = (e.type === 'send.reported' || e.type === 'send.override') && data.memberId !== this.me.id;
    if (!customer && !teammate) return;
    const at = typeof data.at === 'number' ? Math.min(data.at, e.at) : e.at;
    this.foreignActivity.set(e.conversationId, Math.max(at, this.foreignActivity.get(e.conversationId) ?? 0));
  }

  private noteSlipped(e: EventView) {
    const d = e.data as { memberId?: string; ownerId?: string | null; holderId?: string | null; path?: string };
    const me = this.me!.id;
    if (!d.memberId || ![d.memberId, d.ownerId, d.holderId].includes(me) || this.slipped.some((n) => n.eventId === e.id)) return;
    this.slipped = [
      ...this.slipped,
      {
        eventId: e.id,
        conversationId: e.conversationId!,
        memberId: d.memberId,
        ownerId: d.ownerId ?? null,
        holderId: d.holderId ?? null,
        path: d.path ?? 'unknown',
      },
    ];
  }

  dismissSlipped(eventId: number) {
    this.slipped = this.slipped.filter((n) => n.eventId !== eventId);
    this.emit('status');
  }

  get(id: string): ConversationView | undefined {
    return this.byId.get(id);
  }

  /** A row without a JID is matched by title; two records behind one title are ambiguous and reported as such. */
  lookup(row: { jid: string | null; title: string }): { conversation: ConversationView | null; ambiguous: boolean } {
    const byJid = row.jid ? this.onThisNumber(this.byJid.get(row.jid))[0] : undefined;
    if (byJid) return { conversation: byJid, ambiguous: false };
    const found = this.onThisNumber(this.byTitle.get(normaliseTitle(row.title))).filter((c) => !c.ambiguous);
    if (found.length > 1) return { conversation: null, ambiguous: true };
    return { conversation: found[0] ?? null, ambiguous: false };
  }

  memberName(id: string | null | undefined): string | null {
    return id ? (this.members.get(id)?.name ?? null) : null;
  }
}

function index(map: Map<string, Set<string>>, key: string, id: string) {
  let ids = map.get(key);
  if (!ids) map.set(key, (ids = new Set()));
  ids.add(id);
}
