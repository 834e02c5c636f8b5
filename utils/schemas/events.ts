import { z } from 'zod';
import { ConversationView } from './conversation';

/** Every change is one of these; the live feed, timeline and metrics all read them. */
export const EVENT_TYPES = [
  'workspace.created',
  'member.invited',
  'member.joined',
  'member.revoked',
  'member.updated',
  'conversation.created',
  'conversation.aliased',
  'conversation.merged',
  'ownership.claimed',
  'ownership.assigned',
  'ownership.released',
  'ownership.handed_off',
  'ownership.taken_over',
  /** An agent asks the owner to hand a chat over: data { requestedBy, ownerId, note? }, actor = requestedBy. */
  'handoff.requested',
  'handoff.declined',
  'lock.acquired',
  'lock.renewed',
  'lock.released',
  'status.changed',
  'conversation.priority_changed',
  'conversation.labels_changed',
  'conversation.queue_changed',
  'note.added',
  'message.observed',
  'send.reported',
  'send.held',
  'send.override',
  'send.slipped',
  'adapter.health_changed',
  'routing.settings_updated',
  'routing.owner_timeout',
  'automation.flow_step',
  'automation.answers',
  'automation.handoff',
  'automation.lead_linked',
  'sla.warning',
  'sla.breached',
  'sla.escalated',
  'sla.policy_changed',
  'workspace.settings_changed',
  'automation.secret_rotated',
] as const;
export const EventType = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventType>;

export const EventView = z.object({
  id: z.number().int(),
  type: EventType,
  conversationId: z.string().nullable(),
  actorId: z.string().nullable(),
  at: z.number(),
  data: z.record(z.string(), z.unknown()),
  /** The event's conversation, as its commit left it or newer (as the live feed read it): the worker applies it without a fetch, by version. */
  conversation: ConversationView.optional(),
});
export type EventView = z.infer<typeof EventView>;

/** What a change of the workspace's settings commits: whoever keeps the settings (the worker, routing) reads them again. */
export const changesWorkspaceSettings = (e: Pick<EventView, 'type'>) => e.type === 'workspace.settings_changed' || e.type === 'routing.settings_updated';

export const FeedInput = z.object({
  /** Resume after this id: tRPC passes the last tracked id back on reconnect. */
  lastEventId: z.union([z.string().regex(/^\d{1,15}$/), z.number().int().nonnegative()]).nullish(),
});
