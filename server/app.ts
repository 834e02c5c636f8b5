import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import pino, { type Logger } from 'pino';
import type { Env } from './env';
import { appRouter } from './routers/_app';
import { contextFactory } from './context';
import { FeedHub } from './events/feed-hub';
import type { Deps } from './services/deps';
import type { Store } from './store/store';
import { openStore } from './store/open-store';
import { createWorkspace } from './services/members';
import { SlaTimer } from './services/sla/timer';
import { createPrometheus } from './services/metrics/prometheus';
import { startRoutingLoop } from './services/routing/loop';
import { automationWebhookRoute } from './webhook/http';
import { RateLimiter } from './services/rate-limiter';
import { liveSocket } from './live-socket';
import { FeedLimits } from './events/feed-limits';
import { errorReference, internalErrorMessage } from './services/error-reference';

export interface RunningServer {
  url: string;
  port: number;
  deps: Deps;
  hub: FeedHub;
  /** The first-start admin invite, when this start created the workspace. */
  firstInvite: { workspaceId: string; code: string } | null;
  close(): Promise<void>;
}

function corsOrigin(env: Env, origin: string | undefined): string | null {
  if (!origin) return null;
  const allowed = env.CORS_ORIGINS.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // Any browser extension by default: Chrome's origin is chrome-extension://<id>, Firefox's moz-extension://<uuid>.
  if (allowed.length === 0) return /^(chrome|moz)-extension:\/\//.test(origin) ? origin : null;
  return allowed.includes(origin) ? origin : null;
}

export async function startServer(env: Env, opts: { store?: Store; now?: () => number; log?: Logger } = {}): Promise<RunningServer> {
  const log = opts.log ?? pino({ level: env.LOG_LEVEL, base: { svc: 'inbox' } });
  const store = opts.store ?? (await openStore(env.DATABASE_URL, { pgNotify: env.PG_NOTIFY }));
  const now = opts.now ?? Date.now;
  const limiter = new RateLimiter({ member: env.RATE_LIMIT_MEMBER, anonymous: env.RATE_LIMIT_ANONYMOUS, authFailure: env.RATE_LIMIT_AUTH_FAILURES }, now);
  const feedLimits = new FeedLimits({
    perMember: env.FEED_MAX_PER_MEMBER,
    socketsPerAddress: env.FEED_MAX_SOCKETS_PER_ADDRESS,
    ssePerAddress: env.FEED_MAX_SSE_PER_ADDRESS,
    replayEventsPerCall: env.FEED_REPLAY_EVENTS_PER_CALL,
    slowConsumerMs: env.FEED_SLOW_CONSUMER_MS,
  });
  const deps: Deps = { store, now, config: { lockTtlMs: env.LOCK_TTL_MS }, log, limiter, feedLimits };
  const firstInvite = await ensureWorkspace(deps);
  const hub = new FeedHub(store, now);
  const prometheus = createPrometheus();
  const slaTimer = new SlaTimer(deps, { onRaised: prometheus.onSlaRaised });
  const webhook = automationWebhookRoute(deps);
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    createContext: contextFactory(deps, hub),
    maxBodySize: env.MAX_BODY_BYTES,
    maxBatchSize: env.MAX_BATCH_SIZE,
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') log.error({ err: error.cause ?? error, path, reference: errorReference(error) }, 'procedure failed');
    },
  });
  const failed = (res: http.ServerResponse, status: number, what: string, err: unknown) => {
    const reference = errorReference(err instanceof Object ? err : new Error(String(err)));
    log.error({ err, reference }, `${what} failed`);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: internalErrorMessage(reference) }));
  };
  const server = http.createServer((req, res) => {
    const origin = corsOrigin(env, req.headers.origin);
    if (origin) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'origin');
      res.setHeader('access-control-allow-headers', 'content-type, authorization, trpc-accept, last-event-id');
      res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    if (req.url === '/health') {
      store.workspaces.any().then(
        () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, store: store.dialect })),
        (err) => failed(res, 503, 'health check', err),
      );
      return;
    }
    if (req.url === '/metrics') {
      if (!bearerMatches(req.headers.authorization, env.METRICS_TOKEN))
        return void res.writeHead(401, { 'www-authenticate': 'Bearer' }).end('metrics need the METRICS_TOKEN bearer token\n');
      prometheus.respond(res).catch((err) => failed(res, 500, 'metrics scrape', err));
      return;
    }
    if (req.url?.startsWith('/webhooks/')) return void webhook(req, res);
    if (req.url?.startsWith('/trpc/')) {
      prometheus.track(req, res);
      return trpc(req, res);
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not found' }));
  });
  // CORS does not cover sockets, so a page origin is checked here on the same terms.
  const socket = liveSocket(deps, hub, log, {
    maxPayload: env.MAX_BODY_BYTES,
    originAllowed: (origin) => !origin || corsOrigin(env, origin) !== null,
    idleCloseMs: env.FEED_SOCKET_IDLE_MS,
    onSocket: prometheus.trackSocket,
  });
  server.on('upgrade', socket.upgrade);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(env.PORT, env.HOST, resolve));
  const port = (server.address() as AddressInfo).port;
  log.info({ port, host: env.HOST, store: store.dialect }, 'server listening');
  slaTimer.start();
  // Commits kick routing at once; the 2 s pass fires owner-response timeouts and catches members coming online.
  const routing = startRoutingLoop(deps, { intervalMs: 2_000 });
  return {
    url: `http://${env.HOST}:${port}`,
    port,
    deps,
    hub,
    firstInvite,
    async close() {
      await slaTimer.stop();
      await routing.stop();
      hub.close();
      socket.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      if (!opts.store) await store.close();
    },
  };
}

/** No token configured: open. Otherwise the header must carry it (compared in constant time). */
function bearerMatches(header: string | undefined, token: string): boolean {
  if (!token) return true;
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7).trim() : '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** First start on an empty database: create a workspace and hand out an admin invite. */
async function ensureWorkspace(deps: Deps) {
  if (await deps.store.workspaces.any()) return null;
  const created = await createWorkspace(deps, 'My team');
  return { workspaceId: created.workspaceId, code: created.code };
}
