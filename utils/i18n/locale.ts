/** The languages the extension speaks; English is the fallback for every other browser language. */
export const LOCALES = ['en', 'pt-BR', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
/** What the options page stores: a language, or `auto` to follow the browser. */
export type LocaleSetting = Locale | 'auto';

/** The supported language a BCP 47 tag asks for (any Portuguese reads pt-BR, any Spanish es), or null. */
export function matchLocale(tag: string | null | undefined): Locale | null {
  const base = (tag ?? '').toLowerCase().replace('_', '-').split('-')[0];
  if (base === 'pt') return 'pt-BR';
  if (base === 'es') return 'es';
  if (base === 'en') return 'en';
  return null;
}

/** The browser's first language we speak, from its UI language then its preferred languages; else English. */
export function browserLocale(uiLanguage: string | null, preferred: readonly string[]): Locale {
  for (const tag of [uiLanguage, ...preferred]) {
    const l = matchLocale(tag);
    if (l) return l;
  }
  return 'en';
}

export const resolveLocale = (setting: LocaleSetting, fromBrowser: Locale): Locale => (setting === 'auto' ? fromBrowser : setting);

let current: Locale = 'en';
const listeners = new Set<(l: Locale) => void>();

export const currentLocale = (): Locale => current;

/** Switches every `t()` and Intl format at once and tells the views, which redraw. */
export function setLocale(l: Locale): void {
  if (l === current) return;
  current = l;
  for (const fn of listeners) fn(l);
}

export function onLocaleChange(fn: (l: Locale) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
