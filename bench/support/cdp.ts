import WebSocket from 'ws';

/** A minimal Chrome DevTools Protocol client over one target's WebSocket (a service worker, a Node inspector). */
export interface Cdp {
  send<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** JS heap in use after three full collections, in bytes. */
  heapAfterGc(): Promise<number>;
  close(): void;
}

/** The debugger WebSocket URL of the first target at `http://127.0.0.1:<port>/json/list` that `pick` accepts. */
export async function debuggerUrl(port: number, pick: (t: { type: string; url: string }) => boolean = () => true): Promise<string> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ type: string; url: string; webSocketDebuggerUrl: string }>;
  const target = targets.find(pick);
  if (!target) throw new Error(`no matching debugger target on port ${port}`);
  return target.webSocketDebuggerUrl;
}

export async function connectCdp(url: string): Promise<Cdp> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
  let next = 0;
  const waiting = new Map<number, (r: { result?: unknown; error?: unknown }) => void>();
  ws.on('message', (raw) => {
    const msg = JSON.parse(String(raw)) as { id?: number; result?: unknown; error?: unknown };
    if (msg.id === undefined) return;
    waiting.get(msg.id)?.(msg);
    waiting.delete(msg.id);
  });
  const send = <T>(method: string, params: Record<string, unknown> = {}): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = ++next;
      waiting.set(id, (r) => (r.error ? reject(new Error(`${method}: ${JSON.stringify(r.error)}`)) : resolve(r.result as T)));
      ws.send(JSON.stringify({ id, method, params }));
    });
  return {
    send,
    async heapAfterGc() {
      for (let i = 0; i < 3; i++) await send('HeapProfiler.collectGarbage');
      return (await send<{ usedSize: number }>('Runtime.getHeapUsage')).usedSize;
    },
    close: () => ws.close(),
  };
}
