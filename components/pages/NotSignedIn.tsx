import { browser } from '#imports';
import { t } from '../../utils/i18n/t';

/** What the popup and the Settings page show before the rep has signed in: the way to the options page. */
export function NotSignedIn() {
  return (
    <main>
      <p>{t('popup.notSignedIn')}</p>
      <button onClick={() => browser.runtime.openOptionsPage()}>{t('popup.openOptions')}</button>
    </main>
  );
}
