import { describe, expect, it } from 'vitest';
import { TRPCClientError } from '@trpc/client';
import { whenAllowed } from '../../../entrypoints/background/api-client';

const limited = (retryAfterMs: number) =>
  new TRPCClientError('too many requests: try again in 1 s', {
    result: { error: { data: { code: 'TOO_MANY_REQUESTS', details: { retryAfterMs } } } },
  } as never);
const refused = () => new TRPCClientError('refused', { result: { error: { data: { code: 'NOT_FOUND' } } } } as never);

describe('whenAllowed: feed work waits out a rate limit instead of skipping a change', () => {
  it('retries after the wait the server names, and returns the answer', async () => {
    const waits: number[] = [];
    let calls = 0;
    const out = await whenAllowed(
      async () => {
        calls++;
        if (calls < 3) throw limited(calls * 120);
        return 'conversation';
      },
      { sleep: async (ms) => void waits.push(ms) },
    );
    expect(out).toBe('conversation');
    expect(waits).toEqual([120, 240]);
  });

  it('passes any other refusal through at once', async () => {
    let calls = 0;
    await expect(
      whenAllowed(
        async () => {
          calls++;
          throw refused();
        },
        { sleep: async () => undefined },
      ),
    ).rejects.toThrow('refused');
    expect(calls).toBe(1);
  });

  it('gives up after the attempts it was given', async () => {
    let calls = 0;
    await expect(
      whenAllowed(
        async () => {
          calls++;
          throw limited(10);
        },
        { attempts: 4, sleep: async () => undefined },
      ),
    ).rejects.toThrow('too many requests');
    expect(calls).toBe(4);
  });
});
