import { useEffect, useSyncExternalStore } from 'react';
import { currentLocale, onLocaleChange, type Locale } from '../../utils/i18n/locale';

/**
 * Redraws the calling page in the new language when the choice changes, keeping its state (a half-filled form
 * survives), and tells the document which language it reads.
 */
export function useLocale(): Locale {
  const locale = useSyncExternalStore(onLocaleChange, currentLocale);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return locale;
}
