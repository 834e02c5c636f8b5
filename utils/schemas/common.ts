import { z } from 'zod';

// PostgreSQL text and jsonb cannot hold U+0000 or an unpaired surrogate, and no person types them.
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what is refused.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const isStorableText = (s: string) => !UNSTORABLE.test(s);
/** The one text type every input string is built on: refuses NUL and lone surrogates, naming the field. */
export const Str = () => z.string().refine(isStorableText, 'must not contain U+0000 or unpaired surrogates');

export const Id = Str().min(1, 'id is required').max(64, 'id is too long');
export const Role = z.enum(['agent', 'manager', 'admin']);
export type Role = z.infer<typeof Role>;
export const Availability = z.enum(['available', 'away', 'offline']);
export type Availability = z.infer<typeof Availability>;
export const Status = z.enum(['bot', 'open', 'pending', 'snoozed', 'resolved']);
export type Status = z.infer<typeof Status>;
export const Kind = z.enum(['direct', 'group']);
export type Kind = z.infer<typeof Kind>;
export const Priority = z.enum(['low', 'normal', 'high', 'urgent']);
export type Priority = z.infer<typeof Priority>;
export const Label = Str().trim().min(1).max(40);
export const QueueName = Str().trim().min(1).max(40);
export const EpochMs = z.number().int().nonnegative().max(8_640_000_000_000_000);
/** Free text a person typed: a note, a reason. */
export const Text = (max: number) => Str().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
/** Client-chosen key that makes a retried mutation (the extension's offline outbox) apply exactly once. */
export const IdempotencyKey = Str().min(8).max(100);
/** A customer's phone as the automation and a rep give it: digits, optionally with a leading +. */
export const Phone = Str().regex(/^\+?\d{5,20}$/, 'phone must be digits, optionally with a leading +');
/** A one-to-one or group chat's WhatsApp JID. */
export const ChatJid = Str().regex(/^[\w.:-]+@(c\.us|g\.us|lid|s\.whatsapp\.net)$/, 'not a WhatsApp chat JID');
