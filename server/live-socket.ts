import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { socketContextFactory } from './context';
import type { FeedHub } from './events/feed-hub';
import { feedEncoder } from './events/feed-frames';
import { feedlessSince } from './events/feed-socket';
import { appRouter } from './routers/_app';
import { errorReference } from './services/error-reference';
import type { Deps } from './services/deps';

export interface LiveSocket {
  /** Answers every HTTP upgrade: `/trpc` becomes a feed socket, anything else is refused. */
  upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
}

/**
 * The live feed over WebSocket: one frame per event per subscriber, written straight to the socket. SSE through
 * tRPC's web streams costs several times more CPU per subscriber, which is what bounds delivery to many reps.
 */
export function liveSocket(
  deps: Deps,
  hub: FeedHub,
  log: Logger,
  opts: {
    maxPayload: number;
    originAllowed: (origin: string | undefined) => boolean;
    idleCloseMs: number;
    onSocket?: (ws: WebSocket) => void;
    keepAlive?: KeepAlive;
  },
): LiveSocket {
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayload });
  const sweep = new SocketSweep(opts.idleCloseMs, opts.keepAlive ?? { pingMs: 30_000, pongWaitMs: 5_000 });
  applyWSSHandler({
    wss,
    router: appRouter,
    createContext: socketContextFactory(deps, hub),
    // The sweep below pings silent peers instead: tRPC's keep-alive holds two timers and their closures per socket.
    keepAlive: { enabled: false },
    maxBatchSize: 20,
    // An event fanned out to every socket of a workspace is JSON-encoded once, not once per socket.
    experimental_encoder: feedEncoder,
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') log.error({ err: error.cause ?? error, path, reference: errorReference(error) }, 'socket procedure failed');
    },
  });
  return {
    upgrade(req, socket, head) {
      const path = (req.url ?? '').split('?')[0];
      if (path !== '/trpc' && path !== '/trpc/') return refuse(socket, '404 Not Found');
      if (!opts.originAllowed(req.headers.origin)) return refuse(socket, '403 Forbidden');
      let slot: { release(): void } | undefined;
      try {
        slot = deps.feedLimits?.socket(req.socket.remoteAddress ?? 'unknown');
      } catch {
        return refuse(socket, '429 Too Many Requests');
      }
      if (slot) releaseOnClose(socket, slot);
      const slim = slimRequest(req);
      wss.handleUpgrade(req, socket, head, (ws) => {
        opts.onSocket?.(ws);
        sweep.add(ws);
        wss.emit('connection', ws, slim);
      });
    },
    close() {
      sweep.stop();
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}

/**
 * The raw connection closes whether the handshake failed or the socket ran: either way the slot is free again. Its
 * own function, so the listener (alive as long as the socket) holds no upgrade request or head buffer in its scope.
 */
function releaseOnClose(socket: Duplex, slot: { release(): void }) {
  socket.once('close', () => slot.release());
}

/**
 * What tRPC's adapter and the socket context read of the upgrade request for the socket's whole life: its URL (for
 * `connectionParams=1`), host, and the peer's address. The full request (headers, raw headers, streams) would be
 * held per socket, about 1 KB each.
 */
function slimRequest(req: http.IncomingMessage): http.IncomingMessage {
  const slim = { url: req.url, headers: { host: req.headers.host }, socket: { remoteAddress: req.socket.remoteAddress } };
  return slim as unknown as http.IncomingMessage;
}

const refuse = (socket: Duplex, status: string) => void socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);

export interface KeepAlive {
  /** A peer silent this long is sent "PING" (tRPC's own keep-alive message; its client answers "PONG"). */
  pingMs: number;
  /** A peer that sends nothing this long after a ping is dropped (a sleeping laptop vanishes without a close). */
  pongWaitMs: number;
}

interface SocketClock {
  openedAt: number;
  heardAt: number;
  pingedAt: number | null;
}

/** Any message from the peer (a "PONG", a call) shows it is there; a shared listener, so no closure per socket. */
function heard(this: WebSocket) {
  const clock = clocks.get(this);
  if (clock) {
    clock.heardAt = Date.now();
    clock.pingedAt = null;
  }
}
const clocks = new WeakMap<WebSocket, SocketClock>();

/**
 * One timer walks every socket, where per-socket timers cost their memory 10,000 times over: it closes a socket that
 * runs no feed for `idleMs` (one that never signed in, or whose feed ended), and pings a silent peer, dropping it
 * when it does not answer (a peer that vanished without a close is found within pingMs + pongWaitMs + a tick).
 */
class SocketSweep {
  private sockets = new Set<WebSocket>();
  private timer: NodeJS.Timeout;

  constructor(
    private idleMs: number,
    private keepAlive: KeepAlive,
  ) {
    this.timer = setInterval(() => this.run(), Math.max(25, Math.min(1_000, Math.floor(Math.min(idleMs, keepAlive.pongWaitMs) / 4))));
    this.timer.unref();
  }

  add(ws: WebSocket) {
    const now = Date.now();
    clocks.set(ws, { openedAt: now, heardAt: now, pingedAt: null });
    this.sockets.add(ws);
    // A closed socket leaves the set at the next pass: a close listener per socket would be one more closure.
    ws.on('message', heard);
  }

  private run() {
    const now = Date.now();
    for (const ws of this.sockets) {
      const clock = clocks.get(ws);
      if (!clock || ws.readyState !== ws.OPEN) {
        if (ws.readyState === ws.CLOSED) this.sockets.delete(ws);
        continue;
      }
      const since = feedlessSince(ws, clock.openedAt);
      if (since !== null && now - since >= this.idleMs) {
        ws.close(4000, 'no live feed on this socket');
        continue;
      }
      if (clock.pingedAt !== null) {
        if (now - clock.pingedAt >= this.keepAlive.pongWaitMs) ws.terminate();
      } else if (now - clock.heardAt >= this.keepAlive.pingMs) {
        clock.pingedAt = now;
        ws.send('PING');
      }
    }
  }

  stop() {
    clearInterval(this.timer);
    this.sockets.clear();
  }
}
