import { defineContentScript } from '#imports';
import { startInbox } from './start-inbox';
import { followLocaleSetting } from '../../utils/i18n/locale-setting';

export default defineContentScript({
  matches: ['https://web.whatsapp.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    // The browser's language applies at once; the options page's choice follows as soon as it is read.
    void followLocaleSetting().then((stop) => ctx.onInvalidated(stop));
    startInbox(ctx);
  },
});
