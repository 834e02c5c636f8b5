import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deps } from '../services/deps';
import { handleAutomationWebhook } from './handler';
import { ServiceError } from '../services/service-error';
import { errorReference, internalErrorMessage } from '../services/error-reference';

/** Largest accepted delivery body; larger ones get 413. */
export const WEBHOOK_MAX_BODY_BYTES = 64 * 1024;
// Beyond this the connection is cut rather than read to the end just to answer 413.
const HARD_CAP_BYTES = 1024 * 1024;
const PATH = /^\/webhooks\/automation\/([A-Za-z0-9_-]{1,64})\/?$/;

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers }).end(JSON.stringify(body));
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > HARD_CAP_BYTES) req.destroy();
    });
    req.on('end', () => resolve(size > limit ? 'too-large' : Buffer.concat(chunks)));
    req.on('close', () => resolve('aborted'));
    req.on('error', () => resolve('aborted'));
  });
}

const header = (req: IncomingMessage, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** `POST /webhooks/automation/<workspaceId>`: the signed automation webhook on the main HTTP server. */
export function automationWebhookRoute(deps: Deps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const match = PATH.exec(path);
    if (!match) return reply(res, 404, { ok: false, error: 'not found: POST /webhooks/automation/<workspaceId>' });
    if (req.method !== 'POST') return reply(res, 405, { ok: false, error: 'use POST' }, { allow: 'POST' });
    // Deliveries that fail their signature are counted per address: past the limit the caller waits before its next try.
    const caller = `webhook ${req.socket.remoteAddress ?? 'unknown'}`;
    try {
      deps.limiter?.check('authFailure', caller);
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
      return reply(
        res,
        429,
        { ok: false, error: err.message, retryAfterMs: err.details.retryAfterMs },
        { 'retry-after': String(Math.ceil((err.details.retryAfterMs ?? 1_000) / 1000)) },
      );
    }
    const declared = Number(header(req, 'content-length') ?? 0);
    if (declared > HARD_CAP_BYTES) return reply(res, 413, { ok: false, error: `body larger than ${WEBHOOK_MAX_BODY_BYTES} bytes` }, { connection: 'close' });
    const body = await readBody(req, WEBHOOK_MAX_BODY_BYTES);
    if (body === 'aborted') return;
    if (body === 'too-large') return reply(res, 413, { ok: false, error: `body larger than ${WEBHOOK_MAX_BODY_BYTES} bytes` });
    try {
      const out = await handleAutomationWebhook(
        deps,
        match[1],
        { timestamp: header(req, 'x-inbox-timestamp'), signature: header(req, 'x-inbox-signature') },
        body,
      );
      if (out.status === 401) deps.limiter?.spend('authFailure', caller);
      deps.log.info({ workspaceId: match[1], status: out.status, error: out.body.error ?? null }, 'automation webhook');
      reply(res, out.status, out.body);
    } catch (err) {
      const reference = errorReference(err instanceof Object ? err : new Error(String(err)));
      deps.log.error({ err, workspaceId: match[1], reference }, 'automation webhook failed');
      reply(res, 500, { ok: false, error: internalErrorMessage(reference), reference });
    }
  };
}
