/**
 * The floors under the server's own no-op (events.ping), for bench:server: `node` is plain node:http answering
 * a constant tRPC-shaped body, `trpc` a tRPC v11 standalone server with one query and nothing else (no context,
 * middleware, store, logger or metrics). Usage: node --import tsx bench/floor-server.ts node|trpc PORT
 */
import http from 'node:http';
import { initTRPC } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';

const [kind, port] = process.argv.slice(2);
const t = initTRPC.create();
const trpc = createHTTPHandler({ router: t.router({ events: t.router({ ping: t.procedure.query(() => 'pong' as const) }) }), basePath: '/trpc/' });
const body = JSON.stringify({ result: { data: 'pong' } });
const server = http.createServer((req, res) => {
  if (req.url === '/health') return void res.writeHead(200).end('ok');
  if (kind === 'trpc') return void trpc(req, res);
  res.writeHead(200, { 'content-type': 'application/json' }).end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(port), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
