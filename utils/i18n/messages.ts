import en from '../../locales/en.json';
import ptBR from '../../locales/pt_BR.json';
import es from '../../locales/es.json';
import type { Locale } from './locale';

/**
 * The same files @wxt-dev/i18n turns into _locales/ for Chrome, bundled here too: browser.i18n only follows the
 * browser's language, and the options page lets a rep pick another one.
 */
export const MESSAGE_FILES: Record<Locale, Messages> = { en, 'pt-BR': ptBR, es };

export interface Messages {
  [key: string]: string | Messages;
}
/** A plural message in @wxt-dev/i18n's format: `0` (optional), `1` and `n`. */
export type Plural = { '0'?: string; '1': string; n: string };

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : T[K] extends { n: string } ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
export type MessageKey = Leaves<typeof en>;

export const isPlural = (v: unknown): v is Plural => typeof v === 'object' && v !== null && 'n' in v && '1' in v;

/** Every key of a messages file, dotted, plural messages counted as one key. */
export function flattenKeys(m: Messages, prefix = ''): string[] {
  return Object.entries(m).flatMap(([k, v]) => (typeof v === 'string' || isPlural(v) ? [`${prefix}${k}`] : flattenKeys(v, `${prefix}${k}.`)));
}

export function lookup(m: Messages, key: string): string | Plural | undefined {
  let node: string | Messages | undefined = m;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' || isPlural(node) ? node : undefined;
}
