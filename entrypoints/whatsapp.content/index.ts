import { defineContentScript } from '#imports';
import { startInbox } from './start-inbox';

export default defineContentScript({
  matches: ['https://web.whatsapp.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    startInbox(ctx);
  },
});
