/**
 * The store packages: `npm run zip` (Chrome Web Store) and the Firefox zip, checked against the stores' manifest
 * rules and by Mozilla's linter (web-ext lint, the npm package).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { ROOT } from './support/extension';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function unzip(zip: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inbox-zip-'));
  run('unzip', ['-q', zip, '-d', dir]);
  return dir;
}

/** A PNG's size from its IHDR chunk. */
function pngSize(file: string): [number, number] {
  const b = fs.readFileSync(file);
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

interface LintReport {
  summary: { errors: number; warnings: number };
  errors: Array<{ code: string; message: string }>;
}
function lint(dir: string): LintReport {
  // web-ext exits non-zero when it finds errors; the JSON report is what the test reads either way.
  try {
    return JSON.parse(
      run(path.join(ROOT, 'node_modules/.bin/web-ext'), ['lint', '--source-dir', dir, '--output', 'json', '--no-config-discovery']),
    ) as LintReport;
  } catch (err) {
    return JSON.parse((err as { stdout: string }).stdout) as LintReport;
  }
}

test.describe.configure({ mode: 'serial', timeout: 180_000 });

test('npm run zip builds a Chrome Web Store package that meets the store rules', async () => {
  run('npm', ['run', 'zip', '--silent']);
  const zip = path.join(ROOT, '.output', `${pkg.name}-${pkg.version}-chrome.zip`);
  expect(fs.existsSync(zip)).toBe(true);
  const dir = unzip(zip);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  expect(manifest.manifest_version).toBe(3);
  expect(manifest.name.length).toBeLessThanOrEqual(75);
  expect(manifest.description.length).toBeGreaterThan(0);
  expect(manifest.description.length).toBeLessThanOrEqual(132);
  for (const size of [16, 32, 48, 128]) {
    expect(manifest.icons[size]).toBe(`icon/${size}.png`);
    expect(manifest.action.default_icon[size]).toBe(`icon/${size}.png`);
    expect(pngSize(path.join(dir, manifest.icons[size]))).toEqual([size, size]);
  }
  // Minimal permissions: storage, alarms and notifications, and host access to WhatsApp Web only (the server answers through CORS).
  expect([...manifest.permissions].sort()).toEqual(['alarms', 'notifications', 'storage']);
  expect(manifest.host_permissions).toEqual(['https://web.whatsapp.com/*']);
  expect(JSON.stringify(manifest)).not.toMatch(/localhost|127\.0\.0\.1|unsafe-eval/);
  // No remotely hosted code: every script the manifest names is in the package.
  for (const cs of manifest.content_scripts) for (const js of cs.js) expect(fs.existsSync(path.join(dir, js))).toBe(true);
  expect(fs.existsSync(path.join(dir, manifest.background.service_worker))).toBe(true);
  // Mozilla's linter on the Chrome build: only the two rules a Chrome-only MV3 manifest cannot meet.
  const report = lint(dir);
  expect(report.errors.map((e) => e.code).sort()).toEqual(['ADDON_ID_REQUIRED', 'BACKGROUND_SERVICE_WORKER_NOFALLBACK']);
});

test('the Firefox build and zip (made by the same npm run zip) pass web-ext lint with no errors', async () => {
  const zip = path.join(ROOT, '.output', `${pkg.name}-${pkg.version}-firefox.zip`);
  expect(fs.existsSync(zip)).toBe(true);
  const dir = unzip(zip);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  expect(manifest.browser_specific_settings.gecko.id).toMatch(/@/);
  expect(manifest.background.scripts).toEqual(['background.js']);
  const report = lint(dir);
  expect(report.errors).toEqual([]);
  expect(report.summary.errors).toBe(0);
});
