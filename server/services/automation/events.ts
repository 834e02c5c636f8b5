import { z } from 'zod';
import { ChatJid, EpochMs, isStorableText, Phone, Priority, QueueName, Str, Text } from '../../../utils/schemas/common';

/** A flow step's free-form data: how deep it may nest and how large it may be, as JSON. */
export const FLOW_DATA_MAX_DEPTH = 8;
export const FLOW_DATA_MAX_BYTES = 8 * 1024;

/** What is wrong with a parsed JSON value (too deep, or text no store keeps), or null; never recurses past the limit. */
function jsonProblem(value: unknown, depthLeft: number): string | null {
  if (typeof value === 'string') return isStorableText(value) ? null : 'text must not contain U+0000 or unpaired surrogates';
  if (value === null || typeof value !== 'object') return null;
  if (depthLeft === 0) return `nests deeper than ${FLOW_DATA_MAX_DEPTH} levels`;
  for (const [key, inner] of Object.entries(value)) {
    const problem = isStorableText(key) ? jsonProblem(inner, depthLeft - 1) : 'keys must not contain U+0000 or unpaired surrogates';
    if (problem) return problem;
  }
  return null;
}

const FlowData = z.record(z.string(), z.unknown()).superRefine((data, ctx) => {
  const problem = jsonProblem(data, FLOW_DATA_MAX_DEPTH);
  if (problem) return void ctx.addIssue({ code: 'custom', message: problem });
  const bytes = Buffer.byteLength(JSON.stringify(data));
  if (bytes > FLOW_DATA_MAX_BYTES) ctx.addIssue({ code: 'custom', message: `is ${bytes} bytes as JSON, more than ${FLOW_DATA_MAX_BYTES}` });
});

/** Which chat an automation event is about: the linked number (channel) and the customer's phone or JID. */
const ChatRef = {
  /** Idempotency key: a delivery with an eventId already seen is acknowledged and ignored. */
  eventId: Str().trim().min(8, 'eventId must be at least 8 characters').max(100),
  channelWid: Str().regex(/^\d{5,20}$/, 'channelWid must be the linked number, digits only'),
  phone: Phone.optional(),
  jid: ChatJid.optional(),
  /** The contact's name, used as the title of a conversation this event creates. */
  name: Str().trim().min(1).max(200).optional(),
};

export const Answers = z
  .record(Str().regex(/^[\w.-]{1,64}$/, 'answer keys are 1-64 letters, digits, _ . -'), z.union([Str().max(1000), z.number(), z.boolean()]))
  .refine((a) => Object.keys(a).length >= 1 && Object.keys(a).length <= 50, 'between 1 and 50 answers');

const Label = Str().trim().min(1).max(100);

export const WebhookEvent = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('bot.start'), ...ChatRef, flow: Label.optional(), at: EpochMs.optional() }),
    z.object({ type: z.literal('flow.step'), ...ChatRef, flow: Label, step: Label, at: EpochMs, data: FlowData.optional() }),
    z.object({ type: z.literal('qualification.answers'), ...ChatRef, answers: Answers, at: EpochMs.optional() }),
    z.object({ type: z.literal('bot.reply'), ...ChatRef, at: EpochMs, messageId: Str().min(1).max(128).optional() }),
    z.object({
      type: z.literal('handoff'),
      ...ChatRef,
      queue: QueueName,
      priority: Priority.default('normal'),
      summary: Text(2000),
      reason: Text(500),
      answers: Answers.optional(),
      at: EpochMs.optional(),
    }),
  ])
  .refine((e) => e.phone || e.jid, { message: 'a chat needs a phone or a jid', path: ['phone'] });
export type WebhookEvent = z.infer<typeof WebhookEvent>;
export type WebhookEventOf<T extends WebhookEvent['type']> = Extract<WebhookEvent, { type: T }>;
