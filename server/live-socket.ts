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
export function liveSocket(deps: Deps, hub: FeedHub, log: Logger, opts: { maxPayload: number; originAllowed: (origin: string | undefined) => boolean; idleCloseMs: number; onSocket?: (ws: WebSocket) => void }): LiveSocket {
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayload });
  applyWSSHandler({
    wss,
    router: appRouter,
    createContext: socketContextFactory(deps, hub),
    // A socket whose peer vanished without a close (a sleeping laptop) is found and dropped within ~35 s.
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 5_000 },
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
      // The raw connection closes whether the handshake failed or the socket ran: either way the slot is free again.
      if (slot) socket.once('close', () => slot.release());
      wss.handleUpgrade(req, socket, head, (ws) => {
        opts.onSocket?.(ws);
        closeWhenFeedless(ws, opts.idleCloseMs);
        wss.emit('connection', ws, req);
      });
    },
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}

const refuse = (socket: Duplex, status: string) => void socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);

/** A socket is for the live feed: one that runs none for `idleMs` (never signed in, or its feed ended) is closed. */
function closeWhenFeedless(ws: WebSocket, idleMs: number) {
  const openedAt = Date.now();
  const timer = setInterval(() => {
    const since = feedlessSince(ws, openedAt);
    if (since !== null && Date.now() - since >= idleMs) ws.close(4000, 'no live feed on this socket');
  }, Math.max(25, Math.floor(idleMs / 4)));
  timer.unref();
  ws.once('close', () => clearInterval(timer));
}
