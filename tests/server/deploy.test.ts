/**
 * docker build cannot run on every machine, so this runs what the image runs: the Dockerfile's CMD and ENV, in a
 * directory holding only what the Dockerfile copies, with compose's server settings, against the real PostgreSQL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { dropSchema, PG_URL, uniqueSchema } from './support/stores';
import { freePort } from './support/spawn-server';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

function imageCommand(): string[] {
  const cmd = /^CMD (\[.*\])$/m.exec(finalStage);
  if (!cmd) throw new Error('the Dockerfile has no exec-form CMD');
  return JSON.parse(cmd[1]) as string[];
}

function imageEnv(): Record<string, string> {
  const line = /^ENV (.+)$/m.exec(finalStage)![1];
  return Object.fromEntries([...line.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]]));
}

/** The files the final stage copies (COPY lines without --from), laid out as in the image. */
function imageTree(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inbox-image-'));
  for (const m of finalStage.matchAll(/^COPY (?!--from)(\S+) (\S+)$/gm)) {
    const [, src, dest] = m;
    fs.cpSync(path.join(ROOT, src), dest.endsWith('/') ? path.join(dir, dest, path.basename(src)) : path.join(dir, dest), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

describe('the container image', () => {
  let child: ChildProcess | undefined;
  const schema = uniqueSchema('deploy');
  afterAll(async () => {
    child?.kill('SIGTERM');
    await dropSchema(schema).catch(() => undefined);
  });

  it("its start command, with only the image's files, serves on PostgreSQL as compose runs it", async () => {
    const [cmd, ...args] = imageCommand();
    expect(cmd).toBe('node');
    const compose = fs.readFileSync(path.join(ROOT, 'docs/deploy/compose.yaml'), 'utf8');
    expect(compose).toMatch(/DATABASE_URL: postgres:\/\//);
    const port = freePort();
    const env = { ...process.env, ...imageEnv(), DATABASE_URL: `${PG_URL}?schema=${schema}`, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn' };
    child = spawn(process.execPath, args, { cwd: imageTree(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (b) => (output += String(b)));
    child.stderr!.on('data', (b) => (output += String(b)));
    const deadline = Date.now() + 45_000;
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the image's command did not serve:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await expect.poll(() => output, { timeout: 10_000 }).toMatch(/Admin invite code: \S+/);
    expect(output).toContain('npm run admin -- invite --workspace');
  });
});
