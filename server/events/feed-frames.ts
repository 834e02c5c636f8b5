import { jsonEncoder } from '@trpc/server/adapters/ws';

/**
 * One JSON encoding per feed event, not one per subscriber. tRPC's WebSocket adapter encodes every reply with
 * JSON.stringify, so an event fanned out to N sockets was encoded N times (with the conversation it carries): this
 * encoder writes the small per-subscription envelope and splices in the event's JSON, made once. The frame is
 * byte for byte what JSON.stringify would have sent.
 */

/** Events the hub hands to every subscriber of a workspace; they are never changed after being marked. */
const sharedEvents = new WeakSet<object>();
/** Recent events' JSON: live fan-out hits the newest ones, so a small bound holds what is reused. */
const encoded = new Map<object, string>();
export const ENCODED_EVENTS_KEPT = 1024;

/** Marks an event the feed hub shares between subscribers, so frames carrying it reuse one encoding. */
export function shareEvent<T extends object>(event: T): T {
  sharedEvents.add(event);
  return event;
}

function eventJson(event: object): string {
  let json = encoded.get(event);
  if (json === undefined) {
    json = JSON.stringify(event);
    encoded.set(event, json);
    // A Map iterates in insertion order: the first key is the oldest.
    if (encoded.size > ENCODED_EVENTS_KEPT) encoded.delete(encoded.keys().next().value!);
  }
  return json;
}

const MARK = '\u0000feed-event\u0000';
const MARK_JSON = JSON.stringify(MARK);

interface DataFrame {
  result?: { type?: unknown; data?: { data?: unknown } };
}

/** Encodes a reply as JSON.stringify would; a tracked feed event inside is encoded once for all its frames. */
export function encodeFrame(message: unknown): string {
  const result = (message as DataFrame | null)?.result;
  const data = result?.type === 'data' ? result.data : undefined;
  const event = data !== null && typeof data === 'object' ? data.data : undefined;
  if (event === null || typeof event !== 'object' || !sharedEvents.has(event)) return JSON.stringify(message);
  // Spreads keep key order, so the envelope serialises exactly as the original would around the event.
  const envelope = JSON.stringify({ ...(message as object), result: { ...result, data: { ...data, data: MARK } } });
  // The last mark: only server-made ids follow the event, while the client's request id comes before it.
  const at = envelope.lastIndexOf(MARK_JSON);
  return envelope.slice(0, at) + eventJson(event) + envelope.slice(at + MARK_JSON.length);
}

/** tRPC's `experimental_encoder` for the live socket: its default JSON encoder, with shared events encoded once. */
export const feedEncoder: typeof jsonEncoder = { encode: encodeFrame, decode: jsonEncoder.decode };
