import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import type { InboxServer } from './server';

/**
 * The automation as it talks to the server: the workspace's webhook secret from the admin command line, then
 * signed deliveries (HMAC-SHA256 over "<timestamp>.<body>"). Each call returns the HTTP status and JSON body.
 */
export async function automationWebhook(server: InboxServer) {
  const admin = server.client(await server.adminToken());
  const { workspace } = await admin.auth.me.query();
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'webhook-secret', '--workspace', workspace.id], {
    env: { ...process.env, DATABASE_URL: server.dbPath },
    encoding: 'utf8',
  });
  const secret = (JSON.parse(out) as { secret: string }).secret;
  return async (body: Record<string, unknown>) => {
    const raw = JSON.stringify(body);
    const ts = String(Math.floor(Date.now() / 1000));
    const sig = createHmac('sha256', secret).update(`${ts}.${raw}`).digest('hex');
    const res = await fetch(`${server.url}/webhooks/automation/${workspace.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-inbox-timestamp': ts, 'x-inbox-signature': `sha256=${sig}` },
      body: raw,
    });
    return { status: res.status, body: (await res.json()) as { conversationId?: string } };
  };
}
