import type { EventView, MemberView } from './types';

/** What a member can be told of; each kind can be switched off per member. */
export const NOTIFICATION_KINDS = ['assigned', 'handoffRequested', 'mention', 'slaWarning', 'slaBreach', 'queueBreach', 'escalation'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
/** Told only to managers and admins: what happens in the queues they work. */
export const MANAGER_KINDS: readonly NotificationKind[] = ['queueBreach', 'escalation'];

export type NotificationPrefs = Record<NotificationKind, boolean>;
export const DEFAULT_PREFS: NotificationPrefs = Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, true])) as NotificationPrefs;

/** A member's stored choices over the defaults; kinds unknown to this build are dropped. */
export function resolvePrefs(stored: Partial<Record<string, unknown>> | null | undefined): NotificationPrefs {
  const out = { ...DEFAULT_PREFS };
  for (const k of NOTIFICATION_KINDS) if (typeof stored?.[k] === 'boolean') out[k] = stored[k] as boolean;
  return out;
}

/** A notification to show: who caused it, and what its text needs. */
export interface Notice {
  kind: NotificationKind;
  eventId: number;
  conversationId: string;
  /** The member whose action it is; null for the server's own (SLA timers, routing). */
  actorId: string | null;
  /** The handoff or request note, the mention's note body, the SLA target, the queue: whatever the kind shows. */
  detail: {
    note?: string;
    target?: string;
    queue?: string;
    ownerId?: string | null;
    via?: 'handoff' | 'assign' | 'routing' | 'moved' | 'released' | 'timeout';
  };
}

export type Recipient = Pick<MemberView, 'id' | 'role' | 'queues'>;

/** Events older than this when first seen (a browser opened in the morning, a worker back from sleep) are history, not news. */
export const STALE_AFTER_MS = 60 * 60_000;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const isManager = (me: Recipient) => me.role === 'manager' || me.role === 'admin';

/**
 * What, if anything, to tell `me` of one live-feed event. Pure: the worker passes the last event id it has already
 * decided for this member (`decidedUpTo`), so an event seen again after a reconnect is never told twice, and a
 * member is never told of their own action.
 */
export function decideNotification(event: EventView, me: Recipient, ctx: { now: number; decidedUpTo: number }): Notice | null {
  if (event.id <= ctx.decidedUpTo || !event.conversationId) return null;
  if (event.actorId === me.id) return null;
  if (ctx.now - event.at > STALE_AFTER_MS) return null;
  const d = event.data;
  const notice = (kind: NotificationKind, detail: Notice['detail'] = {}): Notice => ({
    kind,
    eventId: event.id,
    conversationId: event.conversationId!,
    actorId: event.actorId,
    detail,
  });
  switch (event.type) {
    case 'ownership.assigned':
    case 'ownership.handed_off': {
      if (d.to !== me.id) return null;
      const via = event.type === 'ownership.handed_off' ? 'handoff' : d.via === 'routing' ? 'routing' : 'assign';
      return notice('assigned', { via, note: str(d.note) });
    }
    case 'handoff.requested':
      if (d.ownerId !== me.id || d.requestedBy === me.id) return null;
      return notice('handoffRequested', { note: str(d.note) });
    case 'note.added':
      if (!Array.isArray(d.mentions) || !d.mentions.includes(me.id)) return null;
      return notice('mention', { note: str(d.body) });
    case 'sla.warning':
      return d.ownerId === me.id ? notice('slaWarning', { target: str(d.target) }) : null;
    case 'sla.breached':
      if (d.ownerId === me.id) return notice('slaBreach', { target: str(d.target) });
      return isManager(me) && me.queues.includes(String(d.queue))
        ? notice('queueBreach', { target: str(d.target), queue: str(d.queue), ownerId: str(d.ownerId) ?? null })
        : null;
    case 'sla.escalated': {
      // Every breach escalates at least by telling people, which the breach itself already did: only a move or a release is news.
      const actions = Array.isArray(d.actions) ? d.actions : [];
      const via = actions.includes('released') ? 'released' : actions.includes('moved') ? 'moved' : null;
      if (!via || !isManager(me) || d.ownerId === me.id || !me.queues.includes(String(d.fromQueue))) return null;
      return notice('escalation', { via, queue: str(d.toQueue), ownerId: str(d.ownerId) ?? null });
    }
    case 'routing.owner_timeout':
      if (!isManager(me) || d.ownerId === me.id || !me.queues.includes(String(d.queue))) return null;
      return notice('escalation', { via: 'timeout', queue: str(d.queue), ownerId: str(d.ownerId) ?? null });
    default:
      return null;
  }
}

/** The kinds a member's preferences list: managers' kinds only for managers and admins. */
export const kindsFor = (role: Recipient['role']): NotificationKind[] =>
  NOTIFICATION_KINDS.filter((k) => !MANAGER_KINDS.includes(k) || role === 'manager' || role === 'admin');

const PREFIX = 'inbox-notice';

/** The notification's id carries its chat, so a click can open it even after the worker was stopped and restarted. */
export const noticeId = (n: Pick<Notice, 'eventId' | 'conversationId'>) => `${PREFIX}:${n.eventId}:${n.conversationId}`;

export function parseNoticeId(id: string): { eventId: number; conversationId: string } | null {
  const m = /^inbox-notice:(\d+):(.+)$/.exec(id);
  return m ? { eventId: Number(m[1]), conversationId: m[2] } : null;
}

/** What the toolbar icon counts: my chats whose customer is waiting for a reply. */
export const waitingForMe = (conversations: Iterable<{ ownerId: string | null; waitingSince: number | null; mergedInto?: string | null }>, meId: string) => {
  let n = 0;
  for (const c of conversations) if (c.ownerId === meId && c.waitingSince !== null && !c.mergedInto) n++;
  return n;
};
