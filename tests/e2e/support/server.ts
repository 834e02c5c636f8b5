/**
 * The real inbox server for end-to-end tests: `node --import tsx server/index.ts` (as `npm start`), on a free loopback
 * port with a temporary SQLite file, plus helpers to sign in the admin and invite members over the HTTP tRPC API.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { httpClient } from '../../server/support/http-client';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export type InboxClient = ReturnType<typeof httpClient>;
export type Role = 'admin' | 'manager' | 'agent';

export interface InboxServer {
  url: string;
  port: number;
  dbPath: string;
  /** The first-start admin invite code printed on stdout. */
  adminInvite: string;
  /** Everything the server printed (stdout and stderr), for failure messages. */
  output: string[];
  /** A tRPC client, signed in when given a member token. */
  client(token?: string): InboxClient;
  /** Redeems the admin invite once and returns the admin's token (cached). */
  adminToken(): Promise<string>;
  /** Invites a member as the admin; the code is what a rep types into the options page. */
  invite(name: string, role?: Role): Promise<{ code: string; memberId: string }>;
  /** Redeems an invite over the API (what the options page does) and returns the member token. */
  redeem(code: string, name?: string): Promise<string>;
  /** Stops the server (the database stays). */
  stop(): Promise<void>;
  /** Starts it again on the same port and database, e.g. after a test made it unreachable. */
  restart(): Promise<void>;
  /** Stops it and deletes the database. */
  dispose(): Promise<void>;
}

export interface StartServerOptions {
  /** Extra environment, e.g. { LOCK_TTL_MS: '2000' }. */
  env?: Record<string, string>;
}

const INVITE = /Admin invite code: (\S+)/;
const ADDRESS = /server address (http:\/\/127\.0\.0\.1:\d+)/;

/** Starts the real server on 127.0.0.1 with a port the OS picks, and waits for the first-start invite. */
export async function startInboxServer(opts: StartServerOptions = {}): Promise<InboxServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inbox-e2e-'));
  const dbPath = path.join(dir, 'inbox.sqlite');
  const output: string[] = [];
  let child: ChildProcess;

  // PORT=0 on first start (no port race); the invite line tells which port the OS picked.
  async function boot(port: number): Promise<{ port: number; invite: string | null }> {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), DATABASE_URL: dbPath, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let text = '';
    const onData = (b: Buffer) => {
      text += String(b);
      output.push(...String(b).split('\n').filter(Boolean));
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}:\n${output.join('\n')}`);
      if (port === 0) {
        const address = ADDRESS.exec(text);
        if (address) return { port: Number(new URL(address[1]).port), invite: INVITE.exec(text)?.[1] ?? null };
      } else if (await healthy(port)) {
        return { port, invite: null };
      }
      if (Date.now() > deadline) {
        proc.kill('SIGKILL');
        throw new Error(`server did not start:\n${output.join('\n')}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const first = await boot(0);
  if (!first.invite) throw new Error(`no admin invite printed:\n${output.join('\n')}`);
  const port = first.port;
  const url = `http://127.0.0.1:${port}`;
  const adminInvite = first.invite;

  async function stop() {
    const proc = child;
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  let adminToken: Promise<string> | null = null;
  const server: InboxServer = {
    url,
    port,
    dbPath,
    adminInvite,
    output,
    client: (token) => httpClient(url, token),
    adminToken() {
      adminToken ??= server.redeem(adminInvite, 'Ada Admin');
      return adminToken;
    },
    async invite(name, role = 'agent') {
      const out = await server.client(await server.adminToken()).members.invite.mutate({ name, role });
      return { code: out.code, memberId: out.memberId };
    },
    async redeem(code, name) {
      const out = await server.client().auth.redeemInvite.mutate({ code, name });
      return out.token;
    },
    stop,
    async restart() {
      await stop();
      await boot(port);
    },
    async dispose() {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}

async function healthy(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/health`)).ok;
  } catch {
    return false;
  }
}
