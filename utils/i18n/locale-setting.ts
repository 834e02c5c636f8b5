import { browser, storage } from '#imports';
import { browserLocale, resolveLocale, setLocale, type LocaleSetting } from './locale';

/** The options page's language choice, shared by every extension page and WhatsApp tab. */
export const localeSettingItem = storage.defineItem<LocaleSetting>('local:locale', { fallback: 'auto', version: 1 });

function fromBrowser() {
  let ui: string | null = null;
  try {
    ui = browser.i18n.getUILanguage();
  } catch {
    // Test doubles of the browser have no i18n API: the page's languages decide.
  }
  return browserLocale(ui, navigator.languages ?? [navigator.language]);
}

/**
 * Speaks the browser's language at once, then the stored choice once read, and follows every later change, so open
 * tabs and pages switch language live. Resolves once the stored choice is applied.
 */
export async function followLocaleSetting(): Promise<() => void> {
  const apply = (s: LocaleSetting) => setLocale(resolveLocale(s, fromBrowser()));
  apply('auto');
  const stop = localeSettingItem.watch((s) => apply(s ?? 'auto'));
  apply(await localeSettingItem.getValue());
  return stop;
}
