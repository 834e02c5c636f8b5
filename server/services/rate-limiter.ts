import { take, type Bucket, type BucketPolicy } from '../domain/rate-limit';
import { ServiceError } from './service-error';

/** What is counted: every call by a signed-in member; calls without a valid token, and failed invite codes, by address. */
export type LimitKind = 'member' | 'anonymous' | 'authFailure';
export type LimitPolicies = Record<LimitKind, BucketPolicy | null>;

/**
 * Token buckets per (kind, key), in memory: each server instance counts its own calls, so with N instances
 * behind a balancer a client gets up to N times the rate. Idle buckets are full again and are dropped oldest
 * first once `maxKeys` are held, which bounds memory whatever the callers do.
 */
export class RateLimiter {
  private buckets = new Map<string, Bucket>();

  constructor(
    private policies: LimitPolicies,
    private now: () => number,
    private maxKeys = 50_000,
  ) {}

  /** Counts one call (or `cost` calls' worth); throws TOO_MANY_REQUESTS (with how long to wait) when the bucket is short. */
  hit(kind: LimitKind, key: string, cost = 1): void {
    const out = this.take(kind, key, true, cost);
    if (out && !out.allowed) throw tooMany(out.retryAfterMs);
  }

  /** Counts one call without refusing it (a failed invite code: the next attempt is what gets refused). */
  spend(kind: LimitKind, key: string): void {
    this.take(kind, key, true);
  }

  /** Refuses, without counting, while the bucket is empty (a caller who used up its failed invite codes). */
  check(kind: LimitKind, key: string): void {
    const out = this.take(kind, key, false);
    if (out && !out.allowed) throw tooMany(out.retryAfterMs);
  }

  /** A token from the (kind, key) bucket as of now; null when the kind is off. Only `keep` stores the result. */
  private take(kind: LimitKind, key: string, keep: boolean, cost = 1) {
    const policy = this.policies[kind];
    if (!policy) return null;
    const id = `${kind}:${key}`;
    const out = take(this.buckets.get(id), policy, this.now(), cost);
    if (keep) this.store(id, out.bucket);
    return out;
  }

  private store(id: string, bucket: Bucket) {
    // Re-inserting moves the key to the end, so the first key is always the least recently used.
    this.buckets.delete(id);
    this.buckets.set(id, bucket);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
  }

  get size(): number {
    return this.buckets.size;
  }
}

function tooMany(retryAfterMs: number): ServiceError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new ServiceError('TOO_MANY_REQUESTS', `too many requests: try again in ${seconds} s`, { retryAfterMs });
}
