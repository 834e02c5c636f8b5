// Every WhatsApp Web selector, one table. Each entry: ranked alternatives with a "why", and the saved fixtures
// (tests/fixtures/whatsapp) it must match with expected counts, checked by tests/extension/whatsapp/selectors.test.ts.
import { chatListSelectors } from './selectors-chat-list';
import { composerSelectors } from './selectors-composer';
import { openChatSelectors } from './selectors-open-chat';
import { searchSelectors } from './selectors-search';
import { sendPathSelectors } from './selectors-send-paths';

export const selectors = { ...chatListSelectors, ...openChatSelectors, ...composerSelectors, ...sendPathSelectors, ...searchSelectors };

export type SelectorName = keyof typeof selectors;
