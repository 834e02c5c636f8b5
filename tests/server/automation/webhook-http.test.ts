import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../../server/store/sqlite';
import type { Store } from '../../../server/store/store';
import { tempDbPath } from '../support/harness';
import { httpClient } from '../support/http-client';
import { freePort, spawnServer, type SpawnedServer } from '../support/spawn-server';
import { rowCounts, signed } from './support';

/** What the webhook answers, as far as these tests read it. */
interface WebhookAnswer {
  ok?: boolean;
  error?: string;
  issues?: Array<{ path: string }>;
  conversationId: string;
  status?: string;
  ownerId?: string;
}

const ROOT = path.resolve(__dirname, '../../..');
const WID = '34600000002';
let server: SpawnedServer;
let store: Store;
let dbPath: string;
let workspaceId: string;
let secret: string;
let n = 0;

const rotate = () =>
  JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'webhook-secret', '--workspace', workspaceId], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: dbPath },
      encoding: 'utf8',
    }),
  ) as { secret: string };

async function post(
  body: unknown,
  opts: { secret?: string; skewMs?: number; workspace?: string; tamper?: (raw: Buffer) => Buffer; headers?: Record<string, string> } = {},
) {
  const d = signed(opts.secret ?? secret, body, { nowMs: Date.now(), skewMs: opts.skewMs });
  const res = await fetch(`${server.url}/webhooks/automation/${opts.workspace ?? workspaceId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-inbox-timestamp': d.headers.timestamp, 'x-inbox-signature': d.headers.signature, ...opts.headers },
    body: new Uint8Array(opts.tamper ? opts.tamper(d.raw) : d.raw),
  });
  return { status: res.status, body: (await res.json()) as WebhookAnswer };
}
const event = (type: string, extra: Record<string, unknown> = {}) => ({ type, eventId: `evt-http-${++n}-${Date.now()}`, channelWid: WID, ...extra });

beforeAll(async () => {
  dbPath = tempDbPath('webhook');
  server = await spawnServer({ DATABASE_URL: dbPath }, freePort());
  store = await createSqliteStore(dbPath);
  workspaceId = (await store.db.selectFrom('workspaces').select('id').executeTakeFirstOrThrow()).id;
  secret = rotate().secret;
});
afterAll(async () => {
  await server.kill();
  await store.close();
});

describe('the automation webhook over HTTP', () => {
  it('accepts a signed delivery; a bot reply for a phone never seen creates its chat; a replay is a duplicate', async () => {
    const body = event('bot.reply', { phone: '34612300001', at: Date.now(), messageId: 'wamid.http1' });
    const first = await post(body);
    expect(first).toMatchObject({ status: 200, body: { ok: true, duplicate: false, status: 'open' } });
    const before = await rowCounts(store.db, workspaceId);
    expect(await post(body)).toMatchObject({ status: 200, body: { ok: true, duplicate: true, conversationId: first.body.conversationId } });
    expect(await rowCounts(store.db, workspaceId)).toEqual(before);
  });

  it('refuses bad deliveries with clear JSON errors and stores nothing', async () => {
    const before = await rowCounts(store.db, workspaceId);
    const ok = event('bot.start', { phone: '34612300002' });
    const huge = event('flow.step', { phone: '34612300002', flow: 'f', step: 's', at: Date.now(), data: { blob: 'x'.repeat(70_000) } });
    const cases: [string, Promise<{ status: number; body: WebhookAnswer }>, number, string][] = [
      ['bad signature', post(ok, { secret: 'whsec_wrong' }), 401, 'signature does not match'],
      ['stale timestamp', post(ok, { skewMs: -10 * 60_000 }), 401, 'stale timestamp'],
      [
        'body changed after signing',
        post(ok, { tamper: (raw) => Buffer.from(raw.toString().replace('bot.start', 'bot.reply')) }),
        401,
        'signature does not match',
      ],
      ['missing signature', post(ok, { headers: { 'x-inbox-signature': '' } }), 401, 'x-inbox-signature'],
      ['oversized body', post(huge), 413, 'larger than 65536 bytes'],
      ['invalid body', post(event('handoff', { phone: '34612300002', queue: 'support' })), 400, 'invalid event'],
      ['not JSON', post('{"type":'), 400, 'not valid JSON'],
      ['unknown workspace', post(ok, { workspace: 'ws_doesnotexist' }), 404, 'unknown workspace'],
    ];
    for (const [what, pending, status, error] of cases) {
      const res = await pending;
      expect({ what, status: res.status, ok: res.body.ok }).toEqual({ what, status, ok: false });
      expect(res.body.error).toContain(error);
    }
    const invalid = await post(event('handoff', { phone: '34612300002', queue: 'support' }));
    expect(invalid.body.issues!.map((i) => i.path).sort()).toEqual(['reason', 'summary']);
    const get = await fetch(`${server.url}/webhooks/automation/${workspaceId}`);
    expect(get.status).toBe(405);
    expect(await rowCounts(store.db, workspaceId)).toEqual(before);
  });

  it('a handoff opens the chat in its queue and routes it to an online member', async () => {
    const code = server.output.join('\n').match(/Admin invite code: (\S+)/)![1];
    const { token, member } = await httpClient(server.url).auth.redeemInvite.mutate({ code });
    const admin = httpClient(server.url, token);
    // Routing picks only members with a WhatsApp tab of the chat's number open.
    const channel = await admin.conversations.resolveChannel.mutate({ wid: WID });
    await admin.members.heartbeat.mutate({ connectionId: 'admin-browser-1', channelId: channel.id });
    await admin.routing.setQueue.mutate({ queue: 'escalation', mode: 'least-loaded' });
    const lead = { phone: '34612300003' };
    expect(await post(event('bot.start', lead))).toMatchObject({ status: 200, body: { status: 'bot' } });
    const out = await post(
      event('handoff', { ...lead, queue: 'escalation', priority: 'urgent', summary: 'Angry about billing', reason: 'asked for a manager' }),
    );
    expect(out).toMatchObject({ status: 200, body: { status: 'open', ownerId: member.id } });
    const conv = await admin.conversations.get.query({ conversationId: out.body.conversationId });
    expect(conv).toMatchObject({ queue: 'escalation', priority: 'urgent', ownerId: member.id });
  });

  it('rotating the secret from the admin CLI keeps the previous one valid for the grace period', async () => {
    const previous = secret;
    secret = rotate().secret;
    expect(secret).not.toBe(previous);
    expect((await post(event('qualification.answers', { phone: '34612300004', answers: { a: 1 } }), { secret: previous })).status).toBe(200);
    expect((await post(event('qualification.answers', { phone: '34612300004', answers: { b: 2 } }))).status).toBe(200);
  });
});
