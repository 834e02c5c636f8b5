import { useEffect, useState } from 'react';
import { localeSettingItem } from '../../utils/i18n/locale-setting';
import type { LocaleSetting } from '../../utils/i18n/locale';
import { t } from '../../utils/i18n/t';

/** Language names are written in their own language, so a rep lost in a foreign UI still finds theirs. */
const NATIVE_NAMES: Array<[LocaleSetting, string]> = [
  ['en', 'English'],
  ['pt-BR', 'Português (Brasil)'],
  ['es', 'Español'],
];

/** The manual override of the browser's language; every open page and WhatsApp tab follows it at once. */
export function LanguagePicker() {
  const [setting, setSetting] = useState<LocaleSetting | null>(null);
  useEffect(() => {
    void localeSettingItem.getValue().then(setSetting);
    return localeSettingItem.watch((v) => setSetting(v ?? 'auto'));
  }, []);
  if (!setting) return null;
  return (
    <>
      <label htmlFor="language">{t('options.languageLabel')}</label>
      <select id="language" value={setting} onChange={(e) => void localeSettingItem.setValue(e.target.value as LocaleSetting)}>
        <option value="auto">{t('options.languageAuto')}</option>
        {NATIVE_NAMES.map(([value, name]) => (
          <option key={value} value={value} lang={value}>
            {name}
          </option>
        ))}
      </select>
    </>
  );
}
