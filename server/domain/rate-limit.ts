/** A token bucket: `burst` calls at once, refilled at `perSecond`. */
export interface BucketPolicy {
  burst: number;
  perSecond: number;
}

export interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date (epoch ms). */
  at: number;
}

export interface Take {
  allowed: boolean;
  bucket: Bucket;
  /** How long until a call would be allowed again; 0 when allowed. */
  retryAfterMs: number;
}

/** The bucket as of `now`: refilled for the time passed, never above the burst. A missing bucket is full. */
export function refill(bucket: Bucket | undefined, policy: BucketPolicy, now: number): Bucket {
  if (!bucket) return { tokens: policy.burst, at: now };
  // A clock that stepped back refills nothing rather than draining the bucket.
  const elapsed = Math.max(0, now - bucket.at);
  return { tokens: Math.min(policy.burst, bucket.tokens + (elapsed * policy.perSecond) / 1000), at: Math.max(now, bucket.at) };
}

/** Takes `cost` tokens (at most a full bucket, so any call can pass some day) if there are; else says how long until there will be. */
export function take(bucket: Bucket | undefined, policy: BucketPolicy, now: number, cost = 1): Take {
  const current = refill(bucket, policy, now);
  const need = Math.min(cost, policy.burst);
  if (current.tokens >= need) return { allowed: true, bucket: { ...current, tokens: current.tokens - need }, retryAfterMs: 0 };
  const retryAfterMs = policy.perSecond > 0 ? Math.ceil(((need - current.tokens) * 1000) / policy.perSecond) : Infinity;
  return { allowed: false, bucket: current, retryAfterMs };
}

/** "burst/perSecond" (e.g. "300/30"), or "off". */
export function parsePolicy(text: string): BucketPolicy | null {
  if (text.trim() === 'off') return null;
  const m = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!m || Number(m[1]) < 1 || Number(m[2]) <= 0) throw new Error(`a rate limit is "burst/perSecond" (e.g. "300/30") or "off", not "${text}"`);
  return { burst: Number(m[1]), perSecond: Number(m[2]) };
}
