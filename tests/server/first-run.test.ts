import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstRunSteps } from '../../server/first-run';
// @ts-expect-error plain ESM script without types: it runs before dependencies are installed
import { needsInstall } from '../../scripts/up.mjs';

describe('the first start', () => {
  const steps = (built: boolean) =>
    firstRunSteps({
      code: 'INV-123',
      url: 'http://127.0.0.1:8787',
      workspaceId: 'ws_abc',
      extensionDir: '/srv/inbox/.output/chrome-mv3',
      extensionBuilt: built,
    });

  it('prints the invite, where the built extension is, the address to type and how to invite the team', () => {
    const text = steps(true);
    expect(text).toMatch(/Admin invite code: INV-123\n/);
    expect(text).toContain('server address http://127.0.0.1:8787');
    expect(text).toContain('Load unpacked -> /srv/inbox/.output/chrome-mv3');
    expect(text).toContain('npm run admin -- invite --workspace ws_abc');
    expect(text).toContain('docs/deploy.md');
    expect(text).not.toContain('npm run build');
  });

  it('says to build the extension when it is not built', () => {
    expect(steps(false)).toContain('run "npm run build" first');
  });
});

describe('npm run up installs only when it must', () => {
  const project = () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'inbox-up-'));
    fs.writeFileSync(path.join(root, 'package-lock.json'), '{}');
    return root;
  };
  const setMtime = (file: string, ms: number) => fs.utimesSync(file, ms / 1000, ms / 1000);

  it('missing node_modules, or a lockfile newer than the last install, needs an install; an up-to-date one does not', () => {
    const root = project();
    expect(needsInstall(root)).toBe(true);
    fs.mkdirSync(path.join(root, 'node_modules'));
    const installed = path.join(root, 'node_modules', '.package-lock.json');
    fs.writeFileSync(installed, '{}');
    setMtime(path.join(root, 'package-lock.json'), 1_000_000);
    setMtime(installed, 2_000_000);
    expect(needsInstall(root)).toBe(false);
    setMtime(path.join(root, 'package-lock.json'), 3_000_000);
    expect(needsInstall(root)).toBe(true);
  });
});
