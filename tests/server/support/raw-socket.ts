import { WebSocket } from 'ws';

const sockets: WebSocket[] = [];
/** Terminates every socket openSocket opened (for afterEach). */
export const closeSockets = () => {
  for (const s of sockets.splice(0)) s.terminate();
};

/** The HTTP status an upgrade to `path` gets: 101 when it became a socket (kept open until closeSockets). */
export function upgradeStatus(url: string, path: string, origin?: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}${path}`, origin ? { origin } : {});
    sockets.push(ws);
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('open', () => resolve(101));
    ws.once('error', (e) => (e.message.includes('Unexpected server response') ? undefined : reject(e)));
  });
}

export interface Reply {
  id: number | null;
  result?: { type: 'started' | 'data' | 'stopped'; id?: string; data?: unknown };
  error?: { message: string; data: { code: string } };
}

/** tRPC's WebSocket protocol spoken by hand, so each test says exactly what goes over the wire. */
export async function openSocket(url: string, opts: { token?: string; origin?: string } = {}) {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/trpc?connectionParams=1`, opts.origin ? { origin: opts.origin } : {});
  sockets.push(ws);
  const replies: Reply[] = [];
  /** Every frame's text as it arrived, for tests of the exact bytes. */
  const frames: string[] = [];
  let closed: number | null = null;
  ws.on('message', (raw) => {
    frames.push(String(raw));
    replies.push(JSON.parse(String(raw)) as Reply);
  });
  ws.on('close', (code) => (closed = code));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ method: 'connectionParams', data: opts.token ? { token: opts.token } : {} }));
  const reply = async (pred: (r: Reply) => boolean, what: string) => {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const found = replies.find(pred);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ${what} within 5 s; got ${JSON.stringify(replies)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return {
    ws,
    replies,
    frames,
    closed: () => closed,
    send: (msg: unknown) => ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg)),
    subscribe: (id: number, input: unknown) => ws.send(JSON.stringify({ id, method: 'subscription', params: { path: 'events.feed', input } })),
    reply,
    errorOf: async (id: number | null) => (await reply((r) => r.id === id && r.error !== undefined, `error for request ${id}`)).error!,
    dataIds: (id: number) => replies.filter((r) => r.id === id && r.result?.type === 'data').map((r) => Number(r.result!.id)),
  };
}
