import type { ContentScriptContext } from '#imports';
import type { ConversationView, Result } from '../../utils/inbox/types';
import type { PageWatch } from '../../utils/whatsapp/page-watch';
import type { FloatingLayer } from './floating-layer';
import type { OpenChatTracker } from './open-chat';
import type { ReplyLease } from './reply-lease';
import type { Change, TabStore } from './tab-store';

/** A surface the rep sees, started from the registry in overlays/index.ts and named after its module there. */
export interface Overlay {
  readonly name: string;
  /** Mounts the surface and keeps it drawn; it stops when the content script's context is invalidated. */
  start(deps: OverlayDeps): void;
}

export interface OverlayDeps {
  ctx: ContentScriptContext;
  store: TabStore;
  page: PageWatch;
  tracker: OpenChatTracker;
  lease: ReplyLease;
  /** The shadow root over the page that the floating surfaces share. */
  layer: FloatingLayer;
  links: OverlayLinks;
}

/** What one surface asks of another: set by the surface that has it, called once every overlay has started. */
export interface OverlayLinks {
  /** Opens or closes the context panel (the header bar's button, Alt+Shift+I). */
  togglePanel(): void;
  /** A command on the open chat from any surface: the header bar says why the server refused; true when it did not. */
  run(sent: Promise<Result<ConversationView>>): Promise<boolean>;
  /** Where the header bar ends, 0 while it is not mounted: the docked context panel starts below it. */
  barBottom(): number;
  /** Told when the header bar changes height or is mounted again. */
  barMoved(): void;
}

export function overlayLinks(): OverlayLinks {
  return {
    togglePanel: () => undefined,
    run: async (sent) => (await sent).ok,
    barBottom: () => 0,
    barMoved: () => undefined,
  };
}

/** Whether a change of the tab store can touch what the open chat's surfaces show (most of the feed is other chats). */
export const touchesOpenChat = (changed: Change, tracker: OpenChatTracker) =>
  !(changed instanceof Set) || (!!tracker.conversationId && changed.has(tracker.conversationId));
