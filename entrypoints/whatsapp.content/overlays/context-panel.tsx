import { ContextPanel } from '../../../components/overlay/ContextPanel';
import { sendMessage } from '../../../utils/messaging';
import type { ConversationContext } from '../../../utils/inbox/types';
import { dockedPanelBox, readConversationLayout, type Box } from '../../../utils/whatsapp/conversation-layout';
import { errorText } from '../../../utils/i18n/error-text';
import { touchesOpenChat, type Overlay } from '../overlay';

/** The open chat's context (notes, history, lead), docked beside the conversation; opened from the header bar. */
export const contextPanel: Overlay = {
  name: 'context-panel',
  start({ ctx, store, tracker, layer, links }) {
    let open = false;
    let context: ConversationContext | null = null;
    let error: string | null = null;
    let box: Box | null = null;

    const load = async () => {
      const id = tracker.conversationId;
      if (!id) return;
      const r = await sendMessage('context', { conversationId: id });
      if (id !== tracker.conversationId) return;
      context = r.ok ? r.value : null;
      error = r.ok ? null : errorText(r.error);
      layer.render();
    };

    /** Beside the conversation, below WhatsApp's header and the header bar, above the composer. */
    const dockedBox = (): Box | null => {
      const layout = readConversationLayout(document);
      if (!layout) return null;
      return dockedPanelBox(layout, { width: window.innerWidth, height: window.innerHeight }, links.barBottom());
    };

    const toggle = () => {
      open = !open;
      if (open) void load();
      layer.render();
    };

    layer.add('context-panel', {
      inputs: () => {
        const id = tracker.conversationId;
        box = open && id ? dockedBox() : null;
        return [open, id, context, error, store.members, JSON.stringify(box)];
      },
      draw: () => {
        const id = tracker.conversationId;
        return (
          open &&
          id && (
            <ContextPanel
              context={context}
              box={box}
              members={[...store.members.values()]}
              error={error}
              onAddNote={(body) => links.run(sendMessage('addNote', { conversationId: id, body }))}
              onLinkLead={async (phone) => (await links.run(sendMessage('linkLead', { conversationId: id, phone }))) && (await load(), true)}
              onClose={toggle}
            />
          )
        );
      },
    });

    links.togglePanel = toggle;
    links.barMoved = () => layer.render();
    store.subscribe((changed) => {
      if (open && tracker.conversationId && changed !== 'status' && touchesOpenChat(changed, tracker)) void load();
    });
    tracker.onChange(() => {
      context = null;
      if (open) void load();
      layer.render();
    });
    // The panel docks to the conversation's measured edges, which move with the window.
    ctx.addEventListener(window, 'resize', () => layer.render());
  },
};
