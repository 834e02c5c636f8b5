/**
 * The attacker of feed-load.test.ts, in a process of its own so that its reading does not slow the probes: one
 * member opening a feed socket with 15 feeds from event 0, and 5 SSE streams, every 250 ms until killed; every other
 * socket and every stream is never read. Prints a JSON tally on SIGTERM.
 */
import { WebSocket } from 'ws';

const [url, token] = process.argv.slice(2);
const tally = { sockets: 0, refusedSockets: 0, sseOpened: 0, framesRead: 0 };
const held: Array<WebSocket | AbortController> = [];

process.on('SIGTERM', () => {
  for (const h of held) {
    if (h instanceof WebSocket) h.terminate();
    else h.abort();
  }
  process.stdout.write(`${JSON.stringify(tally)}\n`, () => process.exit(0));
});

for (let round = 0; ; round++) {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/trpc?connectionParams=1`);
  held.push(ws);
  ws.on('error', () => undefined);
  ws.on('unexpected-response', () => void tally.refusedSockets++);
  ws.on('message', () => void tally.framesRead++);
  const reads = round % 2 === 0;
  ws.on('open', () => {
    tally.sockets++;
    if (!reads) ws.pause();
    ws.send(JSON.stringify({ method: 'connectionParams', data: { token } }));
    for (let id = 1; id <= 15; id++) ws.send(JSON.stringify({ id, method: 'subscription', params: { path: 'events.feed', input: { lastEventId: '0' } } }));
  });
  for (let i = 0; i < 5; i++) {
    const ctl = new AbortController();
    held.push(ctl);
    const qs = `input=${encodeURIComponent(JSON.stringify({ lastEventId: 0 }))}&connectionParams=${encodeURIComponent(JSON.stringify({ token }))}`;
    fetch(`${url}/trpc/events.feed?${qs}`, { signal: ctl.signal }).then(
      () => void tally.sseOpened++,
      () => undefined,
    );
  }
  await new Promise((r) => setTimeout(r, 250));
}
