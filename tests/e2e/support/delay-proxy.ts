import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface DelayProxy {
  url: string;
  close(): Promise<void>;
}

/**
 * A loopback proxy in front of the inbox server that holds matching requests for `delayMs` before passing them on,
 * as a slow server would answer them. The feed's WebSocket upgrade is passed through untouched.
 */
export async function startDelayProxy(target: string, delayMs: number, matches: (path: string) => boolean): Promise<DelayProxy> {
  const to = new URL(target);
  const server = http.createServer((req, res) => {
    const forward = () => {
      const out = http.request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      out.on('error', () => res.destroy());
      req.pipe(out);
    };
    if (matches(req.url ?? '')) setTimeout(forward, delayMs);
    else forward();
  });
  server.on('upgrade', (req, socket, head) => {
    const upstream = net.connect(Number(to.port), to.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`, ...Object.entries(req.headers).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`)];
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    const close = () => {
      upstream.destroy();
      socket.destroy();
    };
    upstream.on('error', close);
    socket.on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
