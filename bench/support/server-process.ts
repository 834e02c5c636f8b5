// Starting the real server as a child process for benchmarks, and reading what it costs from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface Server {
  child: ChildProcess;
  port: number;
  output: string[];
  stop(): Promise<void>;
}

/** `expectInvite`: the first start on an empty database prints the admin invite; later instances find the workspace. */
/** `inspectPort`: opens the Node inspector there (loopback), so a bench can force a GC and read the heap. */
export async function startServer(databaseUrl: string, port: number, profDir: string | undefined, opts: { expectInvite: boolean; env?: Record<string, string>; inspectPort?: number }): Promise<Server> {
  const args = [...(profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []), ...(opts.inspectPort ? [`--inspect=127.0.0.1:${opts.inspectPort}`] : []), '--import', 'tsx', 'server/index.ts'];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    // The bench's clients call far faster than a rep: limits stay on (their cost is measured) but are out of reach.
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: String(port), RATE_LIMIT_MEMBER: '1000000/1000000', RATE_LIMIT_ANONYMOUS: '1000000/1000000', FEED_MAX_SOCKETS_PER_ADDRESS: '100000', FEED_MAX_SSE_PER_ADDRESS: '100000', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let stderr = '';
  child.stdout!.on('data', (b) => output.push(...String(b).split('\n')));
  child.stderr!.on('data', (b) => (stderr += String(b)));
  // Generous: tsx compiles the server on every start, and a loaded 2-core machine can take tens of seconds.
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${stderr}`);
    const up = await new Promise<boolean>((resolve) => {
      http.get({ host: '127.0.0.1', port, path: '/health', agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      }).on('error', () => resolve(false));
    });
    if (up && (!opts.expectInvite || output.some((l) => l.includes('Admin invite code:')))) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start within 90 s: ${stderr}${output.join('\n')}`);
    }
    await sleep(100);
  }
  return {
    child,
    port,
    output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

const CLK_TCK = 100;
/** CPU (user + system) the processes have used so far, from /proc (Linux); null elsewhere. */
export function processCpuMs(pids: readonly number[]): number | null {
  let sum = 0;
  for (const pid of pids) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      sum += ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
    } catch {
      return null;
    }
  }
  return sum;
}

/** Resident memory of a process in bytes, from /proc; null elsewhere. */
export function processRssBytes(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Drops a benchmark's PostgreSQL schema (every run works in one of its own). */
export async function dropPgSchema(databaseUrl: string, schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    await c.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await c.end();
  }
}
