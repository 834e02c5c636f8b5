import { z } from 'zod';
import { Id, Kind, Label, Priority, Status, EpochMs, Text, IdempotencyKey, QueueName, Str } from './common';

const MessageId = Str().min(1).max(128);

/** What the extension knows about a chat: a JID when learnable, else only its title. */
export const ChatIdentity = z
  .object({
    channelId: Id,
    jid: Str()
      .regex(/^[\w.:-]+@(c\.us|g\.us|lid|s\.whatsapp\.net|broadcast|newsletter)$/, 'not a WhatsApp JID')
      .optional(),
    title: Str().trim().min(1).max(200).optional(),
    kind: Kind.optional(),
    phone: Str()
      .regex(/^\+?\d{5,20}$/, 'phone must be digits')
      .optional(),
  })
  .refine((v) => v.jid || v.title, { message: 'a chat needs a jid or a title' });
export type ChatIdentity = z.infer<typeof ChatIdentity>;

export const ConversationView = z.object({
  id: Id,
  workspaceId: Id,
  channelId: Id,
  chatKey: z.string(),
  jid: z.string().nullable(),
  title: z.string(),
  /** The normalised title the chat list shows, for matching rows without a JID. */
  titleKey: z.string(),
  kind: Kind,
  phone: z.string().nullable(),
  status: Status,
  queue: z.string(),
  ownerId: z.string().nullable(),
  priority: Priority,
  labels: z.array(z.string()),
  waitingSince: z.number().nullable(),
  episode: z.number().int(),
  snoozedUntil: z.number().nullable(),
  lock: z.object({ holderId: z.string(), token: z.number().int(), expiresAt: z.number() }).nullable(),
  fence: z.number().int(),
  /** Running SLA clocks (met ones are gone); the extension counts down to dueAt and colours by warnAt. */
  sla: z.array(z.object({ target: z.string(), warnAt: z.number().nullable(), dueAt: z.number() })),
  ambiguous: z.boolean(),
  /** Members asking the owner for this chat, oldest first; dropped when the owner changes. */
  handoffRequests: z.array(z.object({ requestedBy: z.string(), ownerId: z.string(), note: z.string().nullable(), at: z.number() })),
  /** Set once this record was merged into another (a link, or the same chat seen by JID): a tombstone. */
  mergedInto: z.string().nullable(),
  version: z.number().int(),
  updatedAt: z.number(),
});
export type ConversationView = z.infer<typeof ConversationView>;

const ConversationRef = { conversationId: Id };
const Versioned = { ...ConversationRef, idempotencyKey: IdempotencyKey.optional() };

/** `withLock`: the claim is made to send, so it also takes the reply lock (the view's `lock` carries the token). */
const WithLock = { withLock: z.boolean().optional() };
export const ClaimInput = z.object({ ...Versioned, ...WithLock });
export const AssignInput = z.object({ ...Versioned, memberId: Id, note: Text(2000).optional() });
export const ReleaseInput = z.object(Versioned);
export const HandoffInput = z.object({ ...Versioned, memberId: Id, note: Text(2000) });
/** A member (not the owner) asks the owner for the chat; `note` tells why and becomes the handoff note. */
export const RequestHandoffInput = z.object({ ...Versioned, note: Text(2000).optional() });
/** The owner (or a manager) answers one member's request: accept hands the chat over, decline keeps it. */
export const AnswerHandoffInput = z.object({ ...Versioned, requestedBy: Id, accept: z.boolean() });
export const TakeOverInput = z.object({ ...Versioned, reason: Text(500), ...WithLock });

export const LockAcquireInput = z.object(ConversationRef);
export const LockRenewInput = z.object({ ...ConversationRef, token: z.number().int().positive() });
export const LockReleaseInput = LockRenewInput;

export const SetStatusInput = z.object({
  ...Versioned,
  status: Status,
  snoozedUntil: EpochMs.optional(),
  reason: Text(500).optional(),
});
export const SetPriorityInput = z.object({ ...Versioned, priority: Priority });
export const SetLabelsInput = z.object({ ...Versioned, labels: z.array(Label).max(20) });
export const SetQueueInput = z.object({ ...Versioned, queue: QueueName });
export const AddNoteInput = z.object({ ...Versioned, body: Text(4000) });

export const ObserveMessageInput = z
  .object({
    conversationId: Id,
    direction: z.enum(['in', 'out']),
    at: EpochMs,
    /** WhatsApp's message id when the DOM gives one; else a fingerprint the reporting browsers agree on. */
    messageId: MessageId.optional(),
    fingerprint: MessageId.optional(),
    /** Already on screen when the chat was opened (history, not news): it never counts as new activity. */
    backfill: z.boolean().optional(),
  })
  .refine((v) => v.messageId || v.fingerprint, { message: 'a message needs a messageId or a fingerprint' });

/**
 * A chat-list row showed activity: metadata only, never the message text. `at` is the row's time label
 * resolved to a time (minute precision, null when unreadable); `seenAt` is when this browser saw the change.
 */
export const ListActivityInput = z.object({
  chat: ChatIdentity,
  direction: z.enum(['in', 'out']),
  at: EpochMs.nullable(),
  unread: z.number().int().min(0).max(1_000_000),
  /** First sight of the row in this tab (a fresh load, a reconnect, a row scrolled into view): not news. */
  backfill: z.boolean(),
  seenAt: EpochMs,
});
export type ListActivityInput = z.infer<typeof ListActivityInput>;

export const ReportSendInput = z.object({
  conversationId: Id,
  token: z.number().int().positive(),
  at: EpochMs,
  messageId: MessageId.optional(),
  idempotencyKey: IdempotencyKey,
});
/** An outgoing message in the reporting member's tab that no guarded send explains; `path` names how it left. */
export const ReportUnguardedInput = z
  .object({
    conversationId: Id,
    at: EpochMs,
    messageId: MessageId.optional(),
    fingerprint: Str().min(1).max(128).optional(),
    path: Str().min(1).max(80),
  })
  .refine((v) => v.messageId || v.fingerprint, { message: 'a message needs a messageId or a fingerprint' });
/** Every reason the guard holds a send for: the one list the server, the guard, its dialog and its labels share. */
export const HoldReason = z.enum(['owned-by-other', 'locked-by-other', 'claim-lost', 'bot', 'traffic-cop', 'offline', 'unknown-chat']);
export type HoldReason = z.infer<typeof HoldReason>;
/** A chat the guard could not place has no record to report the hold against. */
export const ReportedHoldReason = HoldReason.exclude(['unknown-chat']);
export type ReportedHoldReason = z.infer<typeof ReportedHoldReason>;
export const ReportHeldInput = z.object({
  conversationId: Id,
  reason: ReportedHoldReason,
  idempotencyKey: IdempotencyKey,
});
export const ReportOverrideInput = z.object({
  conversationId: Id,
  reason: Text(500),
  at: EpochMs,
  messageId: MessageId.optional(),
  idempotencyKey: IdempotencyKey,
});
