import { describe, expect, it } from 'vitest';
import { parsePolicy, refill, take, type Bucket } from '../../../server/domain/rate-limit';

const policy = { burst: 3, perSecond: 2 };

describe('token bucket', () => {
  it.each<[string, Bucket | undefined, number, { allowed: boolean; tokens: number; retryAfterMs: number }]>([
    ['a first call finds a full bucket', undefined, 1_000, { allowed: true, tokens: 2, retryAfterMs: 0 }],
    ['the last token is taken', { tokens: 1, at: 1_000 }, 1_000, { allowed: true, tokens: 0, retryAfterMs: 0 }],
    ['an empty bucket refuses and says when (1 token at 2/s: 500 ms)', { tokens: 0, at: 1_000 }, 1_000, { allowed: false, tokens: 0, retryAfterMs: 500 }],
    ['half a token refuses for the rest of it (250 ms)', { tokens: 0, at: 1_000 }, 1_250, { allowed: false, tokens: 0.5, retryAfterMs: 250 }],
    ['refilled by time: 500 ms at 2/s is one token, taken', { tokens: 0, at: 1_000 }, 1_500, { allowed: true, tokens: 0, retryAfterMs: 0 }],
    ['never above the burst, however long idle', { tokens: 0, at: 0 }, 3_600_000, { allowed: true, tokens: 2, retryAfterMs: 0 }],
    ['a clock that steps back refills nothing', { tokens: 0, at: 5_000 }, 1_000, { allowed: false, tokens: 0, retryAfterMs: 500 }],
  ])('%s', (_name, bucket, now, expected) => {
    const out = take(bucket, policy, now);
    expect({ allowed: out.allowed, tokens: out.bucket.tokens, retryAfterMs: out.retryAfterMs }).toEqual(expected);
  });

  it('lets exactly burst + rate x time calls through a steady hammering', () => {
    let bucket: Bucket | undefined;
    let allowed = 0;
    // 10 s of a call every 10 ms: 3 at once, then 2 a second.
    for (let t = 0; t < 10_000; t += 10) {
      const out = take(bucket, policy, t);
      bucket = out.bucket;
      if (out.allowed) allowed++;
    }
    expect(allowed).toBe(3 + 2 * 10 - 1);
  });

  it('refill of a missing bucket is a full one', () => {
    expect(refill(undefined, policy, 42)).toEqual({ tokens: 3, at: 42 });
  });
});

describe('policy text', () => {
  it.each([
    ['300/30', { burst: 300, perSecond: 30 }],
    [' 10 / 0.1 ', { burst: 10, perSecond: 0.1 }],
    ['off', null],
  ])('"%s"', (text, expected) => expect(parsePolicy(text)).toEqual(expected));

  it.each(['', '30', '0/5', '5/0', '-1/2', 'ten/1', '5/1/1'])('refuses "%s" with a clear message', (text) => {
    expect(() => parsePolicy(text)).toThrow(/burst\/perSecond/);
  });
});
