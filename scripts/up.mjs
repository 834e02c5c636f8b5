// npm run up: install only when node_modules is missing or older than package-lock.json, build the extension for this
// server's address, then start the server on its SQLite default. Plain Node: it runs before dependencies exist.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** npm writes node_modules/.package-lock.json on every install: missing, or older than the lockfile, means stale. */
export function needsInstall(root) {
  const installed = path.join(root, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(installed)) return true;
  return fs.statSync(path.join(root, 'package-lock.json')).mtimeMs > fs.statSync(installed).mtimeMs;
}

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  if (needsInstall(ROOT)) run('npm', ['ci', '--no-audit', '--no-fund']);
  else console.log('Dependencies are up to date (node_modules is newer than package-lock.json).');
  const address = `http://${process.env.HOST ?? '127.0.0.1'}:${process.env.PORT ?? '8787'}`;
  // The options page's server address is filled in with the address this build is for.
  run('npx', ['wxt', 'build'], { ...process.env, WXT_SERVER_URL: process.env.WXT_SERVER_URL ?? address });
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts', ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
  server.on('exit', (code) => process.exit(code ?? 0));
}
