import { Writable } from 'node:stream';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../server/app';
import { readEnv } from '../../../server/env';
import { rotateWebhookSecret } from '../../../server/services/automation/secrets';
import { signed, WID } from '../automation/support';
import { tempDbPath } from '../support/harness';

/** The server's error log, captured line by line. */
const logged: Array<Record<string, unknown>> = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    for (const line of String(chunk).split('\n').filter(Boolean)) logged.push(JSON.parse(line));
    done();
  },
});

let server: RunningServer;
let token: string;
let conversationId: string;
let workspaceId: string;

/** tRPC and webhook answers as plain JSON: the assertions below check their shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the assertions below check the shape of whatever came back.
const body = async (res: Response): Promise<any> => res.json();

const rpc = (path: string, method: 'GET' | 'POST', input: unknown) =>
  fetch(`${server.url}/trpc/${path}${method === 'GET' ? `?input=${encodeURIComponent(JSON.stringify(input))}` : ''}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: method === 'POST' ? JSON.stringify(input) : undefined,
  });

beforeAll(async () => {
  server = await startServer(readEnv({ PORT: '0', DATABASE_URL: tempDbPath('internal-errors'), LOG_LEVEL: 'error' }), { log: pino({ level: 'error' }, sink) });
  const redeemed = await body(
    await fetch(`${server.url}/trpc/auth.redeemInvite`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: server.firstInvite!.code }),
    }),
  );
  token = redeemed.result.data.token;
  workspaceId = server.firstInvite!.workspaceId;
  const channel = (await body(await rpc('conversations.resolveChannel', 'POST', { wid: WID }))).result.data;
  conversationId = (await body(await rpc('conversations.resolve', 'POST', { channelId: channel.id, jid: '34611111111@c.us' }))).result.data.conversation.id;
  // Real database failures: the tables these calls need are gone.
  await sql`drop table notes`.execute(server.deps.store.db);
  await sql`drop table webhook_events`.execute(server.deps.store.db);
});
afterAll(async () => {
  await server?.close();
});

function loggedFor(reference: string) {
  const line = logged.find((l) => l.reference === reference);
  expect(line, `a log line with reference ${reference}`).toBeDefined();
  return JSON.stringify(line);
}

describe('500 answers', () => {
  it('a failing procedure answers a generic message with a reference; the raw error is logged under it', async () => {
    const res = await rpc('notes.add', 'POST', { conversationId, body: 'hello' });
    expect(res.status).toBe(500);
    const { error } = await body(res);
    expect(error.message).toMatch(/^internal server error \(reference [0-9a-f]{12}\)/);
    expect(JSON.stringify(error)).not.toMatch(/no such table|sqlite| {4}at /i);
    expect(error.data.reference).toMatch(/^[0-9a-f]{12}$/);
    expect(error.message).toContain(error.data.reference);
    expect(loggedFor(error.data.reference)).toMatch(/no such table: notes/);
  });

  it('two failures get two references', async () => {
    const refs = await Promise.all(
      [1, 2].map(async () => (await body(await rpc('notes.add', 'POST', { conversationId, body: 'again' }))).error.data.reference),
    );
    expect(new Set(refs).size).toBe(2);
  });

  it('a failing webhook delivery answers the same way', async () => {
    const { secret } = await rotateWebhookSecret(server.deps, workspaceId);
    const body = { type: 'bot.start', eventId: 'evt-internal-1', channelWid: WID, phone: '34622222222' };
    const { raw, headers } = signed(secret, body, { nowMs: Date.now() });
    const res = await fetch(`${server.url}/webhooks/automation/${workspaceId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-inbox-timestamp': headers.timestamp, 'x-inbox-signature': headers.signature },
      body: raw,
    });
    expect(res.status).toBe(500);
    const out = (await res.json()) as { error: string; reference: string };
    expect(out.error).toMatch(/^internal server error \(reference [0-9a-f]{12}\)/);
    expect(JSON.stringify(out)).not.toMatch(/no such table|webhook_events/);
    expect(loggedFor(out.reference)).toMatch(/no such table: webhook_events/);
  });
});
