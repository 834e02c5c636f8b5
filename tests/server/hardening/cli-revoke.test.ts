import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../server/app';
import { readEnv } from '../../../server/env';
import { httpClient } from '../support/http-client';
import { tempDbPath } from '../support/harness';

const ROOT = path.resolve(__dirname, '../../..');
const file = tempDbPath('cli-revoke');
let server: RunningServer;

beforeAll(async () => {
  server = await startServer(readEnv({ PORT: '0', LOG_LEVEL: 'silent', DATABASE_URL: file }));
});
afterAll(async () => {
  await server?.close();
});

describe('revoking from the admin command line', () => {
  it("ends the revoked member's live feed on a running SQLite server within seconds, while the server keeps running", async () => {
    const { token: adminToken } = await httpClient(server.url).auth.redeemInvite.mutate({ code: server.firstInvite!.code });
    const admin = httpClient(server.url, adminToken);
    const invite = await admin.members.invite.mutate({ name: 'Rita Revoked', role: 'agent' });
    const rita = await httpClient(server.url).auth.redeemInvite.mutate({ code: invite.code });
    const client = httpClient(server.url, rita.token, { feed: 'ws' });
    const { lastEventId } = await client.events.head.query();
    const ended = new Promise<string | undefined>((resolve) => {
      const sub = client.events.feed.subscribe(
        { lastEventId },
        {
          onData: () => undefined,
          onError: (err) => {
            sub.unsubscribe();
            resolve((err.data as { code?: string } | undefined)?.code);
          },
        },
      );
    });
    // The CLI is another process on the same file: nothing in the server sees its write happen.
    const cli = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'server/cli.ts', 'revoke', '--workspace', server.firstInvite!.workspaceId, '--member', rita.member.id, '--database-url', file],
      { cwd: ROOT },
    );
    expect(cli.stdout.trim()).toBe('revoked');
    // The server looks for other writers every half second: 10 s is a generous ceiling.
    const stillOpen = new Promise<'still open'>((resolve) => setTimeout(() => resolve('still open'), 10_000).unref());
    expect(await Promise.race([ended, stillOpen])).toBe('UNAUTHORIZED');
    // The admin's own calls are unaffected.
    expect((await admin.members.list.query()).map((m) => m.name)).not.toContain('Rita Revoked');
  });
});
