import type { ContentScriptContext } from '#imports';
import { onMessage, type ChatInTab } from '../../utils/messaging';
import { chatListReady, findChatRow, findComposer, findSearchBox, isChatOpen, openChatRow, searchQueryFor, setSearchText } from '../../utils/whatsapp';

const LIST_READY_MS = 20_000;
const STEP_MS = 6_000;

/** Polls until `fn` returns something truthy, or gives up with null (a page that changed under us). */
function waitFor<T>(ctx: ContentScriptContext, fn: () => T | null | false, timeoutMs: number): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve) => {
    const tick = () => {
      const v = fn();
      if (v) return resolve(v);
      if (Date.now() > deadline || ctx.isInvalid) return resolve(null);
      ctx.setTimeout(tick, 100);
    };
    tick();
  });
}

/**
 * The worker asks this tab to open a chat (a notification or the popup was clicked): its row when WhatsApp renders
 * it, else WhatsApp's own chat search. The search is cleared afterwards so the list (and its badges) come back.
 */
export function startOpenChatRequests(ctx: ContentScriptContext) {
  onMessage('openChatInTab', ({ data }) => openRequestedChat(ctx, data));
}

async function openRequestedChat(ctx: ContentScriptContext, chat: ChatInTab): Promise<{ via: 'open' | 'row' | 'search' | null }> {
  if (!(await waitFor(ctx, () => chatListReady(document), LIST_READY_MS))) return { via: null };
  if (isChatOpen(document, chat)) return { via: 'open' };
  const row = findChatRow(document, chat);
  if (row) {
    openChatRow(row);
    if (await waitFor(ctx, () => isChatOpen(document, chat), STEP_MS)) return { via: 'row' };
  }
  const box = findSearchBox(document);
  if (!box) return { via: null };
  setSearchText(box, searchQueryFor(chat.title));
  const hit = await waitFor(ctx, () => findChatRow(document, chat), STEP_MS);
  if (hit) openChatRow(hit);
  const opened = hit ? await waitFor(ctx, () => isChatOpen(document, chat), STEP_MS) : null;
  setSearchText(box, '');
  // Clearing the search focused it; the rep expects to type a reply.
  if (opened) (findComposer(document).element as HTMLElement | null)?.focus();
  return { via: opened ? 'search' : null };
}
