import type { Logger } from 'pino';
import type { Role } from '../../utils/schemas/common';
import type { Store } from '../store/store';
import type { RateLimiter } from './rate-limiter';
import type { FeedLimits } from '../events/feed-limits';

export interface ServiceConfig {
  /** Reply-lock lifetime. @default 15000 */
  lockTtlMs: number;
}

export interface Deps {
  store: Store;
  now: () => number;
  config: ServiceConfig;
  log: Logger;
  /** Per-caller rate limits (the HTTP server always has one; in-process tests may leave it out). */
  limiter?: RateLimiter;
  /** Caps on live feeds per member and per address (the HTTP server always has them; in-process tests may not). */
  feedLimits?: FeedLimits;
}

/** Who is calling, as established by the auth middleware. */
export interface Actor {
  memberId: string;
  workspaceId: string;
  role: Role;
}
