import { useEffect, useState, type ReactNode } from 'react';
import { currentLocale, onLocaleChange } from '../../utils/i18n/locale';

/** Redraws a page in the new language when the choice changes, and tells the document which language it reads. */
export function LocaleRoot({ children }: { children: ReactNode }) {
  const [locale, setLocale] = useState(currentLocale());
  useEffect(() => onLocaleChange(setLocale), []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return <div key={locale} style={{ display: 'contents' }}>{children}</div>;
}
