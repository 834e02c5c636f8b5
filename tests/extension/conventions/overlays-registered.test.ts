import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { overlays } from '../../../entrypoints/whatsapp.content/overlays';

const DIR = path.resolve(__dirname, '../../../entrypoints/whatsapp.content/overlays');
/** Every module in overlays/ but the registry itself, by its name without the extension (a folder counts as one). */
const modules = fs
  .readdirSync(DIR)
  .filter((f) => f !== 'index.ts')
  .map((f) => f.replace(/\.tsx?$/, ''));

describe('overlays: one module per surface, each started from the registry', () => {
  it('finds the surfaces', () => {
    expect(modules.length).toBeGreaterThanOrEqual(5);
  });

  it('registers every module in overlays/, each under its file name', () => {
    const names = overlays.map((o) => o.name);
    for (const m of modules) expect(names, `${m} is in overlays/ but not in overlays/index.ts`).toContain(m);
    for (const n of names) expect(modules, `${n} is registered but has no module in overlays/`).toContain(n);
  });

  it('gives every registered overlay a name of its own', () => {
    const names = overlays.map((o) => o.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
