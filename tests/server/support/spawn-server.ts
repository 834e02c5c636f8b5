import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

export interface SpawnedServer {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Lines the server printed (stdout), e.g. the first-start invite. */
  output: string[];
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts the real server (or a test build of it: `entry`) as a child process, the way `npm start` does, and waits for /health. */
export async function spawnServer(env: Record<string, string>, port: number, entry = 'server/index.ts'): Promise<SpawnedServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let stderr = '';
  child.stdout!.on('data', (b) => output.push(...String(b).split('\n')));
  child.stderr!.on('data', (b) => (stderr += String(b)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${stderr}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not become healthy: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid!,
    child,
    output,
    kill: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

/**
 * For servers driven by load generators (claim storms, feed writers, the race harness): one member there calls
 * far faster than any rep, so its per-member limit is lifted. The limits themselves are tested in rate-limits.test.ts.
 */
export const LOAD_TEST_LIMITS = { RATE_LIMIT_MEMBER: '1000000/1000000', RATE_LIMIT_ANONYMOUS: '1000000/1000000' } as const;

let nextPort = 19_000 + (process.pid % 2000) * 2;
/** Loopback ports for one test run; spread by pid so parallel runs do not collide. */
export const freePort = () => nextPort++;
