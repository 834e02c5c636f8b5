// The WhatsApp Web DOM adapter: the only code that knows WhatsApp's markup. Pure functions of an injected root.
export {
  composerContaining,
  composerHasText,
  composerIsBlank,
  composerText,
  findComposer,
  findSendButton,
  isSendButton,
  SEND_BUTTON_STRUCTURAL,
} from './composer';
export { isInComposerFooter, isInOpenChat, openChatElement, watchPage, type ChatListWatcher, type PageWatch } from './page-watch';
export { findChatRow, findSearchBox, isChatOpen, openChatRow, searchQueryFor, sendLinkFor, setSearchText, type ChatToOpen } from './chat-opener';
export { checkAdapterHealth, type AdapterHealth, type HookName, type HookReport, type HookStatus } from './health';
export { readLinkedNumber, type StorageLike } from './linked-account';
export { isGroupJid, isJid, parseDataId, type DataId } from './parse-data-id';
export { closestMatch, describeAlternative, queryAll, queryFirst } from './query';
export type { Alternative, Hit, Hits, HookLog, SelectorEntry, SelectorSpec } from './query';
export {
  chatListReady,
  findRowElement,
  listRowElements,
  rowHasActivitySignal,
  rowsIn,
  rowsWithActivitySignal,
  withActivitySignal,
  readChatRows,
  readRow,
  readRowIdentity,
  type ChatRow,
  type RowIdentity,
} from './read-chat-list';
export { messageDirection, readMessage, type MessageDirection, type OpenChatMessage } from './read-message';
export { readOpenChat, readUnknownMessages, type OpenChat } from './read-open-chat';
export { selectors, type SelectorName } from './selectors';
export {
  captionEditorContaining,
  describeSendOrigin,
  entryPointOf,
  findEntryPoints,
  findMediaSendButton,
  iconName,
  readForwardPicks,
  sendPathOfClick,
  type EntryPoints,
  type SendPath,
  type SendTarget,
} from './send-paths';
export { cleanTitle, firstInteger, plainText, titleKey } from './text';
export { messageTime, pageLocale, resolveTimeLabel, type LabelTime } from './time-label';
export { dockedPanelBox, drawerWidth, readConversationLayout, type Box, type ConversationLayout } from './conversation-layout';
