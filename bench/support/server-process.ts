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
export async function startServer(
  databaseUrl: string,
  port: number,
  profDir: string | undefined,
  opts: { expectInvite: boolean; env?: Record<string, string>; inspectPort?: number },
): Promise<Server> {
  const args = [
    ...(profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []),
    ...(opts.inspectPort ? [`--inspect=127.0.0.1:${opts.inspectPort}`] : []),
    '--import',
    'tsx',
    'server/index.ts',
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    // The bench's clients call far faster than a rep: limits stay on (their cost is measured) but are out of reach.
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'silent',
      HOST: '127.0.0.1',
      PORT: String(port),
      RATE_LIMIT_MEMBER: '1000000/1000000',
      RATE_LIMIT_ANONYMOUS: '1000000/1000000',
      FEED_MAX_SOCKETS_PER_ADDRESS: '100000',
      FEED_MAX_SSE_PER_ADDRESS: '100000',
      ...opts.env,
    },
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
      http
        .get({ host: '127.0.0.1', port, path: '/health', agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode === 200);
        })
        .on('error', () => resolve(false));
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

const TCP_STATES: Record<string, string> = { '01': 'established', '06': 'time-wait', '07': 'close', '08': 'close-wait', '0A': 'listen' };

/**
 * What a process's open descriptors are (Linux): TCP sockets by state and by the port at the far end (5432 is
 * PostgreSQL), other sockets, pipes, files and the rest. Tells a leak from a pool that is merely warm.
 */
export function describeFds(pid: number): Record<string, number> {
  const kinds: Record<string, number> = {};
  const add = (k: string) => (kinds[k] = (kinds[k] ?? 0) + 1);
  const tcp = new Map<string, { state: string; remotePort: number; localPort: number }>();
  for (const table of ['tcp', 'tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      tcp.set(f[9], { state: TCP_STATES[f[3]] ?? f[3], localPort: parseInt(f[1].split(':')[1], 16), remotePort: parseInt(f[2].split(':')[1], 16) });
    }
  }
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return kinds;
  }
  for (const fd of entries) {
    let target = '';
    try {
      target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue;
    }
    const socket = /^socket:\[(\d+)\]$/.exec(target);
    if (!socket) {
      add(target.startsWith('pipe:') ? 'pipe' : target.startsWith('anon_inode:') ? target : target.startsWith('/') ? 'file' : 'other');
      continue;
    }
    const t = tcp.get(socket[1]);
    add(t ? `tcp ${t.state} ${t.remotePort === 5432 ? 'to postgres' : t.state === 'listen' ? '' : 'with a client'}`.trim() : 'socket (not tcp)');
  }
  return kinds;
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
