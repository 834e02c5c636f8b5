import { currentLocale } from './locale';
import { MESSAGE_FILES, lookup, type MessageKey, type Plural } from './messages';

export type { MessageKey } from './messages';
type Values = Record<string, string | number>;

function pick(p: Plural, count: number): string {
  if (count === 0 && p['0'] !== undefined) return p['0'];
  return count === 1 ? p['1'] : p.n;
}

/**
 * The message for `key` in the current language (English when a language lacks it), with `{name}` placeholders
 * filled; a plural message takes `count` from `values.count`.
 */
export function t(key: MessageKey, values: Values = {}): string {
  const found = lookup(MESSAGE_FILES[currentLocale()], key) ?? lookup(MESSAGE_FILES.en, key) ?? key;
  const text = typeof found === 'string' ? found : pick(found, Number(values.count ?? 0));
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
