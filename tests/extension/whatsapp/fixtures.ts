// Loads saved WhatsApp Web fixtures (tests/fixtures/whatsapp/*.html) into fresh documents.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const FIXTURE_DIR = resolve(process.cwd(), 'tests/fixtures/whatsapp');

export function fixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((file) => file.endsWith('.html'))
    .map((file) => file.slice(0, -'.html'.length))
    .sort();
}

export function fixtureHtml(name: string): string {
  return readFileSync(resolve(FIXTURE_DIR, `${name}.html`), 'utf8');
}

/** A fresh, isolated document per call, so tests may mutate it. */
export function loadFixture(name: string): Document {
  return new DOMParser().parseFromString(fixtureHtml(name), 'text/html');
}
