import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../server/store/sqlite';
import { tempDbPath } from './support/harness';
import { httpClient } from './support/http-client';
import { freePort, spawnServer, type SpawnedServer } from './support/spawn-server';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const admin = (dbPath: string, ...args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: dbPath },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

describe('npm run admin -- backup (SQLite online backup)', () => {
  let server: SpawnedServer;
  let dbPath: string;
  beforeAll(async () => {
    dbPath = tempDbPath('backup-source');
    server = await spawnServer({ DATABASE_URL: dbPath }, freePort());
  });
  afterAll(() => server?.kill());

  it('copies the database of a running server, with what it committed, into a file that opens on its own', async () => {
    const code = server.output.join('\n').match(/Admin invite code: (\S+)/)![1];
    const { token } = await httpClient(server.url).auth.redeemInvite.mutate({ code, name: 'Ada Admin' });
    const invited = await httpClient(server.url, token).members.invite.mutate({ name: 'Bea Backup', role: 'agent' });
    const target = path.join(path.dirname(tempDbPath('backup-target')), 'copy', 'inbox-backup.sqlite');
    const out = JSON.parse(admin(dbPath, 'backup', '--to', target)) as { backup: string; bytes: number };
    expect(out.bytes).toBeGreaterThan(0);
    const copy = await createSqliteStore(target);
    try {
      const members = await copy.db.selectFrom('members').select(['id', 'name']).execute();
      expect(members.map((m) => m.id)).toContain(invited.memberId);
    } finally {
      await copy.close();
    }
    // The server keeps working on its own file.
    expect((await httpClient(server.url, token).members.list.query()).length).toBeGreaterThanOrEqual(2);
  });

  it('refuses to overwrite a file, and refuses a PostgreSQL URL (pg_dump does that)', () => {
    const existing = tempDbPath('exists');
    fs.writeFileSync(existing, 'x');
    expect(() => admin(dbPath, 'backup', '--to', existing)).toThrow(/exists already/);
    expect(() => admin('postgres://postgres@127.0.0.1:5432/test', 'backup', '--to', `${existing}.2`)).toThrow(/pg_dump/);
  });
});
