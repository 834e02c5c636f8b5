// The server's wire protocol spoken by hand for benchmarks: tRPC over HTTP (one call per request, no batching) and
// the live feed over tRPC's WebSocket protocol, the extension's transport.
import http from 'node:http';
import WebSocket from 'ws';

/** Keep-alive sockets shared by every call; destroy it when done so the process can exit. */
export const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export class RpcError extends Error {
  constructor(
    public status: number,
    public body: string,
  ) {
    super(`HTTP ${status}: ${body.slice(0, 300)}`);
  }
}

export function rpc<T>(port: number, kind: 'query' | 'mutation', proc: string, input: unknown, token?: string, via: http.Agent = agent): Promise<T> {
  const body = kind === 'mutation' ? JSON.stringify(input ?? {}) : undefined;
  const qs = kind === 'query' && input !== undefined ? `?input=${encodeURIComponent(JSON.stringify(input))}` : '';
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  return new Promise<T>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: `/trpc/${proc}${qs}`, method: kind === 'mutation' ? 'POST' : 'GET', headers, agent: via },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new RpcError(res.statusCode ?? 0, text));
          resolve((JSON.parse(text) as { result: { data: T } }).result.data);
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** A promise with its settle functions. */
export function deferred() {
  let resolve: () => void = () => undefined;
  let reject: (e: Error) => void = () => undefined;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export interface FeedEvent {
  id: number;
  type: string;
  conversationId: string | null;
  data: Record<string, unknown>;
  /** The live feed carries the event's conversation: a client that has it needs no fetch. */
  hasConversation: boolean;
}

/** A data frame's tracked id read off its head, for a bench holding thousands of sockets in one process. */
const DATA_FRAME_HEAD = /^\{"id":\d+,"result":\{"type":"data","data":\{"id":"(\d+)"/;

/**
 * One events.feed subscription over a WebSocket: the token as connection params, one subscription message, then a
 * JSON frame per event carrying its tracked id. `onEvent` gets each event with its arrival time (performance.now).
 * With `onIdOnly`, that gets each event's id instead, read without parsing the frame.
 */
export function openFeedSocket(
  port: number,
  token: string,
  lastEventId: number,
  onEvent: (e: FeedEvent, arrivedAt: number) => void,
  onFeedError?: (text: string) => void,
  onIdOnly?: (id: number, arrivedAt: number) => void,
) {
  const { promise: connected, resolve: onConnected, reject: onFailed } = deferred();
  const ws = new WebSocket(`ws://127.0.0.1:${port}/trpc?connectionParams=1`, { perMessageDeflate: false });
  ws.on('open', () => {
    ws.send(JSON.stringify({ method: 'connectionParams', data: { token } }));
    ws.send(JSON.stringify({ id: 1, method: 'subscription', params: { path: 'events.feed', input: { lastEventId: String(lastEventId) } } }));
  });
  ws.on('message', (raw) => {
    const now = performance.now();
    const text = String(raw);
    if (text === 'PING') return void ws.send('PONG');
    const head = onIdOnly ? DATA_FRAME_HEAD.exec(text) : null;
    if (head) return onIdOnly!(Number(head[1]), now);
    // A tracked event arrives as { id, data: <the event> } inside the result.
    const msg = JSON.parse(text) as {
      error?: unknown;
      result?: {
        type: string;
        id?: string;
        data?: { data?: { id: number; type: string; conversationId: string | null; data: Record<string, unknown>; conversation?: unknown } };
      };
    };
    if (msg.error) {
      // Before the start: the subscription was refused. After it: the server ended the feed (the socket stays open).
      onFeedError?.(text);
      return onFailed(new Error(`feed error: ${text}`));
    }
    if (msg.result?.type === 'started') onConnected();
    else if (msg.result?.type === 'data' && msg.result.id !== undefined) {
      const d = msg.result.data?.data;
      onEvent(
        {
          id: Number(msg.result.id),
          type: d?.type ?? '',
          conversationId: d?.conversationId ?? null,
          data: d?.data ?? {},
          hasConversation: d?.conversation !== undefined,
        },
        now,
      );
    }
  });
  ws.on('error', (e) => onFailed(e));
  return { connected, socket: ws, close: () => ws.terminate() };
}
