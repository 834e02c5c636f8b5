import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { liveSocket, type LiveSocket } from '../../../server/live-socket';
import { createWorld } from '../support/harness';
import { closeSockets, openSocket } from '../support/raw-socket';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  closeSockets();
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** A live socket on a bare HTTP server, with a keep-alive short enough to watch. */
async function serve(keepAlive: { pingMs: number; pongWaitMs: number }) {
  const world = await createWorld();
  const ws = await world.workspace();
  const live: LiveSocket = liveSocket(world.deps, world.hub, pino({ level: 'silent' }), {
    maxPayload: 1 << 20,
    originAllowed: () => true,
    idleCloseMs: 60_000,
    keepAlive,
  });
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', live.upgrade);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(world.close, () => new Promise<void>((resolve) => server.close(() => resolve())), live.close);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: ws.admin.token };
}

const until = async (cond: () => boolean, what: string) => {
  const deadline = Date.now() + 5_000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('live socket keep-alive (one sweep for every socket)', () => {
  it('pings a silent peer with "PING" and drops it when nothing comes back', async () => {
    const { url, token } = await serve({ pingMs: 100, pongWaitMs: 100 });
    const s = await openSocket(url, { token });
    s.subscribe(1, { lastEventId: null });
    const pings: string[] = [];
    // The helper parses every frame as JSON; a "PING" is not.
    s.ws.removeAllListeners('message');
    s.ws.on('message', (raw) => pings.push(String(raw)));
    await until(() => s.closed() !== null, 'the silent socket to be dropped');
    expect(pings).toContain('PING');
  });

  it('keeps a peer that answers "PONG" open, with its feed', async () => {
    const { url, token } = await serve({ pingMs: 100, pongWaitMs: 150 });
    const s = await openSocket(url, { token });
    s.subscribe(1, { lastEventId: null });
    await s.reply((r) => r.id === 1 && r.result?.type === 'started', 'the feed to start');
    let pongs = 0;
    // The helper parses every frame as JSON; a "PING" is not.
    s.ws.removeAllListeners('message');
    s.ws.on('message', (raw) => {
      if (String(raw) === 'PING') {
        pongs++;
        s.send('PONG');
      }
    });
    await until(() => pongs >= 3, 'three pings answered');
    expect(s.closed()).toBeNull();
  });
});
