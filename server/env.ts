import { z } from 'zod';
import { parsePolicy } from './domain/rate-limit';

const rateLimit = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      try {
        return parsePolicy(text);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    });
const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

/** Every setting the server reads from its environment, validated once at start. */
export const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default('127.0.0.1'),
  /** A file path for SQLite (the default) or a postgres:// URL. */
  DATABASE_URL: z.string().default('./data/inbox.sqlite'),
  LOCK_TTL_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Extension origins allowed by CORS, comma-separated; any chrome-extension:// or moz-extension:// origin when empty. */
  CORS_ORIGINS: z.string().default(''),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(256 * 1024),
  /** The most calls one HTTP batch may carry (the extension batches at most 20); larger batches get 400. */
  MAX_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(20),
  /** Rate limits, "burst/perSecond" or "off": every call of a signed-in member (per member)... */
  RATE_LIMIT_MEMBER: rateLimit('600/60'),
  /** ...every call without a valid token (per client address)... */
  RATE_LIMIT_ANONYMOUS: rateLimit('120/20'),
  /** ...and failed invite codes (per client address): ten tries, then one more every ten seconds. */
  RATE_LIMIT_AUTH_FAILURES: rateLimit('10/0.1'),
  /** When set, /metrics answers only `Authorization: Bearer <this>` (a scraper's secret); open when empty. */
  METRICS_TOKEN: z.string().default(''),
  /** A feed socket that runs no live feed this long (never signed in, or its feed ended) is closed. */
  FEED_SOCKET_IDLE_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  /** Live feeds one member may run at once (socket or SSE); the extension runs one per browser. */
  FEED_MAX_PER_MEMBER: z.coerce.number().int().min(1).max(100_000).default(16),
  /** Open feed sockets per client address (a team behind one office NAT shares it). */
  FEED_MAX_SOCKETS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(64),
  /** SSE feed streams per client address. */
  FEED_MAX_SSE_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(64),
  /** Replayed history events that cost one call of the member's rate limit (a feed from event 0 is not free). */
  FEED_REPLAY_EVENTS_PER_CALL: z.coerce.number().int().min(1).max(1_000_000).default(10),
  /** A feed socket that stays over its 1 MiB unsent mark this long (its peer reads nothing) is closed. */
  FEED_SLOW_CONSUMER_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /** PostgreSQL only: pg_notify other instances after each commit (on by default; off only to measure its cost). */
  PG_NOTIFY: flag.default(true),
});
export type Env = z.infer<typeof Env>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = Env.safeParse(source);
  if (!parsed.success) {
    throw new Error(`invalid environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
