import { TRPCClientError } from '@trpc/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Api } from '../../../entrypoints/background/api-client';
import { feedRetryDelayMs, startLiveFeed } from '../../../entrypoints/background/live-feed';
import type { EventView } from '../../../utils/inbox/types';

interface Handlers {
  onStarted(): void;
  onData(envelope: { id: string; data: EventView }): void;
  onError(err: unknown): void;
}

/** A stand-in for the tRPC client's events.feed: records each subscription so a test can drive it. */
function fakeApi() {
  const subs: Array<{ input: { lastEventId: string }; on: Handlers; unsubscribed: boolean }> = [];
  const api = {
    events: {
      feed: {
        subscribe(input: { lastEventId: string }, on: Handlers) {
          const s = { input, on, unsubscribed: false };
          subs.push(s);
          return { unsubscribe: () => void (s.unsubscribed = true) };
        },
      },
    },
  } as unknown as Api;
  return { api, subs };
}

const event = (id: number): EventView =>
  ({ id, type: 'ownership.claimed', conversationId: `conv_${id}`, actorId: null, at: id, data: {} }) as unknown as EventView;
const serverError = (code: string) => new TRPCClientError(code, { result: { error: { message: code, code: -32000, data: { code } } } } as never);
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('startLiveFeed', () => {
  afterEach(() => vi.useRealTimers());

  it('subscribes again from the last received id after the server ends the feed with an error, backing off', async () => {
    vi.useFakeTimers();
    const { api, subs } = fakeApi();
    const applied: number[] = [];
    const states: boolean[] = [];
    startLiveFeed(api, 4, { onEvent: async (e) => void applied.push(e.id), onState: (s) => states.push(s) }, { retryDelayMs: (n) => 100 * (n + 1) });
    expect(subs.map((s) => s.input.lastEventId)).toEqual(['4']);
    subs[0].on.onStarted();
    for (const id of [5, 6, 7]) subs[0].on.onData({ id: String(id), data: event(id) });
    subs[0].on.onError(serverError('INTERNAL_SERVER_ERROR'));
    await vi.advanceTimersByTimeAsync(99);
    expect(subs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(subs.map((s) => s.input.lastEventId)).toEqual(['4', '7']);
    // Refused again before it started: the wait grows.
    subs[1].on.onError(serverError('TOO_MANY_REQUESTS'));
    await vi.advanceTimersByTimeAsync(199);
    expect(subs).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(subs).toHaveLength(3);
    subs[2].on.onStarted();
    // A replayed event is applied once.
    for (const id of [7, 8]) subs[2].on.onData({ id: String(id), data: event(id) });
    await vi.advanceTimersByTimeAsync(0);
    expect(applied).toEqual([5, 6, 7, 8]);
    expect(states).toEqual([true, false, false, true]);
  });

  it('does not subscribe again after a refused token, nor after stop()', async () => {
    vi.useFakeTimers();
    const { api, subs } = fakeApi();
    startLiveFeed(api, 0, { onEvent: async () => undefined, onState: () => undefined }, { retryDelayMs: () => 10 });
    subs[0].on.onError(serverError('UNAUTHORIZED'));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(subs).toHaveLength(1);

    const other = fakeApi();
    const feed = startLiveFeed(other.api, 0, { onEvent: async () => undefined, onState: () => undefined }, { retryDelayMs: () => 10 });
    other.subs[0].on.onError(serverError('INTERNAL_SERVER_ERROR'));
    feed.stop();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(other.subs).toHaveLength(1);
    expect(other.subs[0].unsubscribed).toBe(true);
  });

  it('records an event as applied only once its handler finished, in order', async () => {
    const { api, subs } = fakeApi();
    const order: string[] = [];
    let release: () => void = () => undefined;
    const feed = startLiveFeed(api, 0, {
      onEvent: async (e) => {
        order.push(`start ${e.id}`);
        if (e.id === 1) await new Promise<void>((r) => (release = r));
        order.push(`end ${e.id}`);
      },
      onState: () => undefined,
    });
    subs[0].on.onData({ id: '1', data: event(1) });
    subs[0].on.onData({ id: '2', data: event(2) });
    await settle();
    expect(feed.applied()).toBe(0);
    release();
    await settle();
    await settle();
    expect(order).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
    expect(feed.applied()).toBe(2);
  });

  it('waits 1 s, then twice as long each time, at most 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map(feedRetryDelayMs)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });
});
