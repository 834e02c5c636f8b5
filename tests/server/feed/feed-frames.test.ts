import { describe, expect, it } from 'vitest';
import { ENCODED_EVENTS_KEPT, encodeFrame, feedEncoder, fillFrame, probeFrame, shareEvent, type FrameTemplate } from '../../../server/events/feed-frames';

/** A tracked data frame as tRPC's WebSocket adapter builds it: result { type, data: { id, data }, id }. */
const frame = (event: unknown, requestId: unknown = 1, jsonrpc?: string, eventId = '7') => ({
  id: requestId,
  jsonrpc,
  result: { type: 'data', data: { id: eventId, data: event }, id: eventId },
});

const sampleEvent = () => ({
  id: 7,
  type: 'assignment.claimed',
  conversationId: 'c1',
  at: 1_700_000_000_000,
  data: { memberId: 'm1', note: 'quotes " and \\ and é and \u2028' },
  conversation: { id: 'c1', title: 'Customer', status: 'open', ownerId: 'm1', tags: ['vip'], sla: null },
});

/** An event whose `type` counts how often it is read: JSON.stringify reads it once per encoding. */
function countingEvent() {
  let reads = 0;
  const event = { id: 7 } as { id: number; type?: string };
  Object.defineProperty(event, 'type', { enumerable: true, get: () => (reads++, 'status.changed') });
  return { event, reads: () => reads };
}

describe('feed frames: one encoding per event', () => {
  it('writes exactly what JSON.stringify writes, for shared events and everything else', () => {
    const shared = shareEvent(sampleEvent());
    const messages = [
      frame(shared),
      frame(shared, 'a-string-id', '2.0'),
      frame(shared, 'id with "quotes" and \u0000feed-event\u0000 inside'),
      frame(sampleEvent()),
      { id: 1, result: { type: 'started' } },
      { id: 2, result: { type: 'data', data: { ok: true } } },
      { id: 3, error: { code: -32600, message: 'no' } },
      { id: null, result: { type: 'data', data: null } },
    ];
    for (const m of messages) expect(encodeFrame(m)).toBe(JSON.stringify(m));
  });

  it('encodes a shared event once however many subscribers it is sent to', () => {
    const { event, reads } = countingEvent();
    shareEvent(event);
    const first = encodeFrame(frame(event, 1));
    for (let subscriber = 2; subscriber <= 50; subscriber++)
      expect(encodeFrame(frame(event, subscriber))).toBe(first.replace('{"id":1,', `{"id":${subscriber},`));
    expect(reads()).toBe(1);
  });

  it('encodes an event the hub did not share on every frame, as before', () => {
    const { event, reads } = countingEvent();
    encodeFrame(frame(event, 1));
    encodeFrame(frame(event, 2));
    expect(reads()).toBe(2);
  });

  it('keeps a bounded number of encodings: an old event is encoded again when it comes back', () => {
    const { event, reads } = countingEvent();
    shareEvent(event);
    encodeFrame(frame(event));
    for (let i = 0; i < ENCODED_EVENTS_KEPT; i++) encodeFrame(frame(shareEvent({ id: 100 + i })));
    encodeFrame(frame(event));
    expect(reads()).toBe(2);
  });

  it('decodes as tRPC does: JSON text, binary refused', () => {
    expect(feedEncoder.decode('{"id":1,"method":"subscription"}')).toEqual({ id: 1, method: 'subscription' });
    expect(() => feedEncoder.decode(new Uint8Array([123, 125]))).toThrow();
  });
});

describe('feed frames: a template learnt from tRPC, filled for the events written directly', () => {
  /** Encodes a frame carrying a probe of `event`, as tRPC would, and returns what the probe learnt. */
  function learn(event: { id: number }, requestId: unknown, jsonrpc?: string, eventId = String(event.id)) {
    let learnt: FrameTemplate | null | undefined;
    const probe = probeFrame(shareEvent(event), (t) => (learnt = t));
    expect(encodeFrame(frame(probe, requestId, jsonrpc, eventId))).toBe(JSON.stringify(frame(event, requestId, jsonrpc, eventId)));
    return learnt;
  }

  it.each([
    [1, undefined],
    [123456, '2.0'],
    ['a-string-id', undefined],
    ['id with "quotes", \\ and é', '2.0'],
    ['holding \u0000feed-event-id\u0000 and \u0000feed-event\u0000', undefined],
  ])('fills every later event exactly as tRPC would frame it (request id %s, jsonrpc %s)', (requestId, jsonrpc) => {
    const template = learn({ ...sampleEvent(), id: 7 }, requestId, jsonrpc);
    expect(template).not.toBeNull();
    for (const id of [8, 9, 10_000, 123_456_789]) {
      const event = shareEvent({ ...sampleEvent(), id });
      expect(fillFrame(template!, event)).toBe(JSON.stringify(frame(event, requestId, jsonrpc, String(id))));
    }
  });

  it('teaches nothing when the frame is not what fillFrame would write: the subscription stays with tRPC', () => {
    expect(learn({ ...sampleEvent(), id: 7 }, '\u0000feed-event-id\u0000')).toBeNull();
    expect(learn({ ...sampleEvent(), id: 7 }, '\u0000feed-event\u0000')).toBeNull();
    expect(learn({ ...sampleEvent(), id: 7 }, 1, undefined, 'not-the-event-id')).toBeNull();
  });

  it('a probe teaches once: the frames after it are encoded as usual', () => {
    let lessons = 0;
    const probe = probeFrame(shareEvent({ ...sampleEvent(), id: 7 }), () => lessons++);
    encodeFrame(frame(probe, 1));
    encodeFrame(frame(probe, 2));
    expect(lessons).toBe(1);
  });
});
