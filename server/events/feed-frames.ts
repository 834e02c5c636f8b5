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
const MARK_ID = '\u0000feed-event-id\u0000';
const ID_MARK_JSON = JSON.stringify(MARK_ID);

interface DataFrame {
  result?: { type?: unknown; data?: { id?: unknown; data?: unknown } };
}

/**
 * A subscription's data frame with the event and its id left out: what tRPC's adapter wraps around every event it
 * sends on that subscription (the client's request id, the tracked event id twice), learnt from one real frame.
 */
export interface FrameTemplate {
  /** The frame's text up to the first slot: the client's request id is in it, so it is the subscription's own. */
  head: string;
  shape: FrameShape;
}

/** The rest of a frame: the same for every subscription of a kind of client, so shared by them (memory per socket). */
interface FrameShape {
  slots: Array<'eventId' | 'event'>;
  /** Literal text after each slot. */
  after: string[];
}
const shapes = new Map<string, FrameShape>();
/** Distinct shapes kept: a client sending odd request ids is not a reason to grow without bound. */
const SHAPES_KEPT = 64;

function sharedShape(slots: FrameShape['slots'], after: string[]): FrameShape {
  const key = JSON.stringify([slots, after]);
  let shape = shapes.get(key);
  if (!shape) {
    shape = { slots, after };
    if (shapes.size < SHAPES_KEPT) shapes.set(key, shape);
  }
  return shape;
}

/** Events whose next frame teaches a subscription its template, with what to tell (see probeFrame). */
const probes = new WeakMap<object, (template: FrameTemplate | null) => void>();

/**
 * A copy of a shared event that, when tRPC encodes the frame carrying it, hands that frame's template to `learn`:
 * the one place the subscription's request id (which tRPC keeps to itself) can be read. Null is handed over when
 * the frame is not shaped as expected, so the subscription keeps going through tRPC.
 */
export function probeFrame<T extends object>(event: T, learn: (template: FrameTemplate | null) => void): T {
  const copy = { ...event };
  sharedEvents.add(copy);
  probes.set(copy, learn);
  return copy;
}

function templateOf(message: object, result: NonNullable<DataFrame['result']>, data: { id?: unknown }, event: { id?: unknown }): FrameTemplate | null {
  const resultId = (result as { id?: unknown }).id;
  // fillFrame writes the event's own id where tRPC wrote the tracked one: they must be the same text.
  if (data.id !== String(event.id) || resultId !== data.id) return null;
  const envelope = JSON.stringify({ ...message, result: { ...result, id: MARK_ID, data: { ...data, id: MARK_ID, data: MARK } } });
  const parts: string[] = [];
  const slots: FrameShape['slots'] = [];
  let from = 0;
  for (;;) {
    const atId = envelope.indexOf(ID_MARK_JSON, from);
    const atEvent = envelope.indexOf(MARK_JSON, from);
    if (atId === -1 && atEvent === -1) break;
    const isId = atId !== -1 && (atEvent === -1 || atId < atEvent);
    const at = isId ? atId : atEvent;
    parts.push(envelope.slice(from, at));
    slots.push(isId ? 'eventId' : 'event');
    from = at + (isId ? ID_MARK_JSON : MARK_JSON).length;
  }
  parts.push(envelope.slice(from));
  // Marks anywhere else (a client's request id may hold any text) would make the template wrong: tRPC keeps the frames.
  const ids = slots.filter((s) => s === 'eventId').length;
  if (ids !== 2 || slots.length !== 3) return null;
  // A copy, so the head does not hold the whole envelope it was sliced from.
  return { head: Buffer.from(parts[0]).toString(), shape: sharedShape(slots, parts.slice(1)) };
}

/** The frame tRPC would send for `event` on the subscription the template was learnt from, byte for byte. */
export function fillFrame(template: FrameTemplate, event: { id: number }): string {
  const idJson = `"${event.id}"`;
  const { slots, after } = template.shape;
  let out = template.head;
  for (let i = 0; i < slots.length; i++) out += (slots[i] === 'event' ? eventJson(event) : idJson) + after[i];
  return out;
}

/** Encodes a reply as JSON.stringify would; a tracked feed event inside is encoded once for all its frames. */
export function encodeFrame(message: unknown): string {
  const result = (message as DataFrame | null)?.result;
  const data = result?.type === 'data' ? result.data : undefined;
  const event = data !== null && typeof data === 'object' ? data.data : undefined;
  if (event === null || typeof event !== 'object' || !sharedEvents.has(event)) return JSON.stringify(message);
  const learn = probes.get(event);
  if (learn) {
    probes.delete(event);
    learn(templateOf(message as object, result!, data as { id?: unknown }, event as { id?: unknown }));
  }
  // Spreads keep key order, so the envelope serialises exactly as the original would around the event.
  const envelope = JSON.stringify({ ...(message as object), result: { ...result, data: { ...data, data: MARK } } });
  // The last mark: only server-made ids follow the event, while the client's request id comes before it.
  const at = envelope.lastIndexOf(MARK_JSON);
  return envelope.slice(0, at) + eventJson(event) + envelope.slice(at + MARK_JSON.length);
}

/** tRPC's `experimental_encoder` for the live socket: its default JSON encoder, with shared events encoded once. */
export const feedEncoder: typeof jsonEncoder = { encode: encodeFrame, decode: jsonEncoder.decode };
