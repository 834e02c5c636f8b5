import type { Root } from 'react-dom/client';
import { createShadowReactRoot } from '../../../components/overlay/shadow-host';
import { HeaderBar } from '../../../components/overlay/HeaderBar';
import { sendMessage } from '../../../utils/messaging';
import type { ConversationView, Result } from '../../../utils/inbox/types';
import { queryFirst } from '../../../utils/whatsapp/query';
import { selectors } from '../../../utils/whatsapp/selectors';
import { errorText } from '../../../utils/i18n/error-text';
import { onLocaleChange } from '../../../utils/i18n/locale';
import { touchesOpenChat, type Overlay } from '../overlay';

/** The bar right below WhatsApp's header of the open chat: who owns it, its status and SLA, and the commands on it. */
export const headerBar: Overlay = {
  name: 'header-bar',
  start({ ctx, store, tracker, links }) {
    let mounted: { root: Root; host: HTMLElement } | null = null;
    let hostResize: ResizeObserver | null = null;
    let error: string | null = null;
    /** What the bar was last drawn from: a change that touches none of it (a lock renewal while typing) is skipped. */
    let drawn = '';

    const currentHeader = (): Element | null => {
      const header = queryFirst(document, selectors.chatHeader).element;
      return header && tracker.main?.contains(header) ? header : null;
    };
    const inPlace = (header = currentHeader()): boolean =>
      !!header && !!mounted && mounted.host.isConnected && mounted.host.parentElement === header.parentElement;

    /** WhatsApp replaces #main and re-renders its header: put the bar back right after the header when it is gone. */
    const ensureHost = (): Root | null => {
      const header = currentHeader();
      if (!header) return null;
      if (inPlace(header)) return mounted!.root;
      mounted?.root.unmount();
      hostResize?.disconnect();
      const host = document.createElement('inbox-header');
      host.style.display = 'block';
      header.after(host);
      mounted = createShadowReactRoot(host);
      // The docked panel starts below the bar: it follows the bar's height.
      hostResize = new ResizeObserver(() => {
        render();
        links.barMoved();
      });
      hostResize.observe(host);
      return mounted.root;
    };

    /** A command's answer: the bar says why the server refused, the store takes the chat as the server left it. */
    const run = async (sent: Promise<Result<ConversationView>>) => {
      const r = await sent;
      error = r.ok ? null : errorText(r.error);
      if (r.ok) store.putAndNotify(r.value);
      render();
      return r.ok;
    };
    /** A command on the open chat; false when none is open or the server refused (the bar shows why). */
    const runFor = (id: string | null, send: (conversationId: string) => Promise<Result<ConversationView>>): Promise<boolean> =>
      id ? run(send(id)) : Promise.resolve(false);

    const render = (force = false) => {
      const id = tracker.conversationId;
      const c = id ? (store.get(id) ?? null) : null;
      const members = [...store.members.values()];
      // Only what the bar shows: not the lock, fence, version or waiting time, which change on every keystroke's
      // lease, nor the outbox count while online.
      const key = JSON.stringify([
        tracker.state,
        store.signedIn,
        c && [c.id, c.ownerId, c.status, c.queue, c.priority, c.labels, c.sla, c.handoffRequests],
        store.me,
        members,
        store.online,
        store.online ? null : store.outboxPending,
        error,
        store.rules,
      ]);
      if (!force && key === drawn && inPlace()) return;
      drawn = key;
      const root = tracker.state === 'none' || !store.signedIn ? null : ensureHost();
      root?.render(
        <HeaderBar
          conversation={c}
          state={tracker.state === 'none' ? 'unavailable' : tracker.state}
          me={store.me}
          members={members}
          rules={store.rules}
          online={store.online}
          outboxPending={store.outboxPending}
          error={error}
          onClaim={() => runFor(id, (conversationId) => sendMessage('claim', { conversationId }))}
          onRelease={() => runFor(id, (conversationId) => sendMessage('release', { conversationId }))}
          onAssign={(memberId, note) => runFor(id, (conversationId) => sendMessage('assign', { conversationId, memberId, note }))}
          onHandoff={(memberId, note) => runFor(id, (conversationId) => sendMessage('handoff', { conversationId, memberId, note }))}
          onRequestHandoff={(note) => runFor(id, (conversationId) => sendMessage('requestHandoff', { conversationId, note }))}
          onAnswerHandoff={(requestedBy, accept) => void runFor(id, (conversationId) => sendMessage('answerHandoff', { conversationId, requestedBy, accept }))}
          onStatus={(status, extra) => runFor(id, (conversationId) => sendMessage('setStatus', { conversationId, status, ...extra }))}
          onPriority={(priority) => void runFor(id, (conversationId) => sendMessage('setPriority', { conversationId, priority }))}
          onQueue={(queue) => void runFor(id, (conversationId) => sendMessage('setQueue', { conversationId, queue }))}
          onLabels={(labels) => runFor(id, (conversationId) => sendMessage('setLabels', { conversationId, labels }))}
          onToggleContext={() => links.togglePanel()}
        />,
      );
    };

    links.run = run;
    links.barBottom = () => (inPlace() ? mounted!.host.getBoundingClientRect().bottom : 0);
    store.subscribe((changed) => touchesOpenChat(changed, tracker) && render());
    tracker.onChange(() => {
      error = null;
      render();
    });
    ctx.addEventListener(window, 'resize', () => render());
    // The SLA countdown moves with time alone.
    ctx.setInterval(() => render(true), 15_000);
    // A language switch in the options page redraws the bar in the new language.
    const stopLocale = onLocaleChange(() => render(true));
    ctx.onInvalidated(() => {
      stopLocale();
      mounted?.root.unmount();
      hostResize?.disconnect();
    });
  },
};
