import { describe, expect, it } from 'vitest';
import { ENCODED_EVENTS_KEPT, encodeFrame, feedEncoder, shareEvent } from '../../../server/events/feed-frames';

/** A tracked data frame as tRPC's WebSocket adapter builds it: result { type, data: { id, data }, id }. */
const frame = (event: unknown, requestId: unknown = 1, jsonrpc?: string) => ({
  id: requestId,
  jsonrpc,
  result: { type: 'data', data: { id: '7', data: event }, id: '7' },
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
