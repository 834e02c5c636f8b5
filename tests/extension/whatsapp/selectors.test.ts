import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryAll, type SelectorEntry } from '../../../utils/whatsapp/query';
import { selectors } from '../../../utils/whatsapp/selectors';
import { fixtureNames, loadFixture } from './fixtures';

const entries: SelectorEntry[] = Object.values(selectors);
const byName = new Map(entries.map((entry) => [entry.name, entry]));
const ADAPTER_DIR = resolve(process.cwd(), 'utils/whatsapp');
// Readable, years-old class names; everything else is obfuscated and churns every few weeks.
const ALLOWED_CLASSES = new Set(['message-in', 'message-out', 'selectable-text', 'copyable-text']);
// Hooks no known build renders yet (the row JID lives in a React key): listed with zero counts, checked by unit tests.
const NOT_SEEN_IN_ANY_BUILD = new Set(['rowJid']);

function scopesFor(doc: Document, entry: SelectorEntry): ParentNode[] {
  if (!entry.within) return [doc];
  const parent = byName.get(entry.within);
  if (!parent) throw new Error(`${entry.name}: unknown scope ${entry.within}`);
  return scopesFor(doc, parent).flatMap((scope) => queryAll(scope, parent).elements);
}

function countIn(doc: Document, entry: SelectorEntry): number {
  return scopesFor(doc, entry).reduce((total, scope) => total + queryAll(scope, entry).elements.length, 0);
}

describe('selectors × saved fixtures', () => {
  const cases = entries.flatMap((entry) => Object.entries(entry.fixtures).map(([fixture, count]) => ({ name: entry.name, fixture, count })));
  it.each(cases)('$name matches $count in $fixture', ({ name, fixture, count }) => {
    const entry = byName.get(name)!;
    expect(countIn(loadFixture(fixture), entry)).toBe(count);
  });
});

describe('selector conventions', () => {
  it('every selector lists fixtures, at least one where it must match, and only existing ones', () => {
    const existing = new Set(fixtureNames());
    for (const entry of entries) {
      const listed = Object.entries(entry.fixtures);
      expect(listed.length, entry.name).toBeGreaterThan(0);
      const matchesSomewhere = listed.some(([, count]) => count > 0);
      expect(matchesSomewhere, `${entry.name} never matches`).toBe(!NOT_SEEN_IN_ANY_BUILD.has(entry.name));
      for (const [fixture] of listed) expect(existing.has(fixture), `${entry.name}: ${fixture}`).toBe(true);
    }
  });

  it('every fixture file is used by some selector', () => {
    const used = new Set(entries.flatMap((entry) => Object.keys(entry.fixtures)));
    expect(fixtureNames().filter((name) => !used.has(name))).toEqual([]);
  });

  it('every scope names an existing selector', () => {
    for (const entry of entries) if (entry.within) expect(byName.has(entry.within), entry.name).toBe(true);
  });

  it('every alternative is valid CSS and any text filter is stateless', () => {
    for (const entry of entries) {
      for (const alternative of entry.alternatives) {
        expect(() => document.querySelectorAll(alternative.css), alternative.css).not.toThrow();
        expect(alternative.text?.global ?? false, alternative.css).toBe(false);
      }
    }
  });

  it('never selects obfuscated classes', () => {
    for (const entry of entries) {
      for (const { css } of entry.alternatives) {
        const classes = [...css.replace(/"[^"]*"/g, '""').matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)].map((m) => m[1]);
        expect(
          classes.filter((name) => !ALLOWED_CLASSES.has(name!)),
          `${entry.name}: ${css}`,
        ).toEqual([]);
      }
    }
  });

  it('never matches localised text (aria-label, title, placeholder values)', () => {
    const textAttribute = /\[\s*(aria-label|title|placeholder|aria-placeholder|alt)\s*[~|^$*]?=/;
    for (const entry of entries) {
      for (const { css } of entry.alternatives) expect(textAttribute.test(css), `${entry.name}: ${css}`).toBe(false);
    }
  });

  it('data-testid is only an accelerator: never the first of several alternatives', () => {
    for (const entry of entries) {
      if (entry.alternatives.length < 2) continue;
      expect(entry.alternatives[0]!.css.includes('data-testid'), entry.name).toBe(false);
    }
  });

  it('every alternative carries a one-line comment saying why', () => {
    const files = readdirSync(ADAPTER_DIR).filter((file) => /^selectors-.+\.ts$/.test(file));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const lines = readFileSync(resolve(ADAPTER_DIR, file), 'utf8').split('\n');
      lines.forEach((line, index) => {
        if (/^\s*\{ css: /.test(line)) expect(lines[index - 1]?.trim().startsWith('//'), `${file}:${index + 1}`).toBe(true);
      });
    }
  });
});
