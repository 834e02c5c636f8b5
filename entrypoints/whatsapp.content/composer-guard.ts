import type { ContentScriptContext } from '#imports';
import { decideSend, type GuardDecision } from '../../utils/inbox/guard-decision';
import type { HeldSend } from '../../components/overlay/GuardDialog';
import { sendMessage } from '../../utils/messaging';
import { composerContaining, composerIsBlank, findComposer, findSendButton, isSendButton } from '../../utils/whatsapp';
import type { ConversationView } from '../../utils/inbox/types';
import type { OpenChatTracker } from './open-chat';
import type { ReplyLease } from './reply-lease';
import type { TabStore } from './tab-store';

export interface GuardUi {
  showHeld(held: HeldSend, actions: GuardActions): void;
  setGuardState(state: { busy?: boolean; error?: string | null }): void;
  closeHeld(): void;
}
export interface GuardActions {
  requestHandoff(): void;
  takeOver(reason: string): void;
  sendAnyway(reason: string): void;
  acknowledge(): void;
  cancel(): void;
}

/**
 * Intercepts every send path (Enter and the send button) in the capture phase, before WhatsApp's own
 * handlers, and applies the guard of product spec section 3.
 */
export function startComposerGuard(ctx: ContentScriptContext, store: TabStore, tracker: OpenChatTracker, lease: ReplyLease, ui: GuardUi) {
  let bypass = false;

  const current = (): ConversationView | null | undefined => {
    if (tracker.state === 'ready') return store.get(tracker.conversationId!) ?? null;
    if (tracker.state === 'unavailable') return null;
    return undefined;
  };

  const decide = (): GuardDecision => {
    const t0 = performance.now();
    const c = current();
    const decision = decideSend({
      now: Date.now(),
      meId: store.me!.id,
      online: store.online,
      conversation: c,
      myLease: c ? lease.current(c.id) : null,
      composeStartedAt: tracker.composeStartedAt,
      lastForeignActivityAt: c ? store.foreignActivity.get(c.id) ?? null : null,
      acknowledgedAt: tracker.acknowledgedAt,
    });
    // Measured so the benchmark can read the decision time off the page's performance timeline.
    performance.measure('inbox-guard-decision', { start: t0, end: performance.now() });
    return decision;
  };

  /** Sends what is in the composer through WhatsApp's own send path, past our listeners. */
  const resend = () => {
    bypass = true;
    try {
      const button = findSendButton(document).element as HTMLElement | null;
      if (button) button.click();
      else findComposer(document).element?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', keyCode: 13, bubbles: true, cancelable: true }));
    } finally {
      bypass = false;
    }
  };

  const letThrough = (conversationId: string, token: number | null) => tracker.expectSend({ conversationId, kind: 'send', token, at: Date.now() });

  const hold = (held: HeldSend, reportReason: HeldSend['reason']) => {
    const c = current();
    if (c && reportReason !== 'unknown-chat') void sendMessage('report', { kind: 'held', conversationId: c.id, reason: reportReason });
    ui.showHeld(held, actionsFor(c ?? null, held));
  };

  const claimThenSend = async () => {
    const c = current();
    if (!c) return hold({ reason: 'unknown-chat', ownerName: null, holderName: null }, 'unknown-chat');
    const r = await sendMessage('command', { kind: 'claim', conversationId: c.id });
    if (!r.ok) {
      const reason = r.error.code === 'UNREACHABLE' ? 'offline' : 'claim-lost';
      const d = r.error.details;
      return hold({ reason, ownerName: d?.ownerName ?? store.memberName(d?.ownerId), holderName: d?.holderName ?? store.memberName(d?.holderId) }, reason);
    }
    store.putAndNotify(r.value);
    const grant = await lease.touch(c.id);
    letThrough(c.id, grant?.token ?? null);
    resend();
  };

  /** A lease that ran out is not a licence: the server decides again whether this chat is still the rep's. */
  const retakeThenSend = async () => {
    const c = current();
    if (!c) return hold({ reason: 'unknown-chat', ownerName: null, holderName: null }, 'unknown-chat');
    const r = await lease.retake(c.id);
    if (r.ok) {
      letThrough(c.id, r.grant.token);
      return resend();
    }
    // Unreachable: the offline rule lets an owned chat send, recorded and replayed later.
    if (r.error.code === 'UNREACHABLE') {
      letThrough(c.id, null);
      return resend();
    }
    const d = r.error.details;
    const reason = d?.reason === 'locked-by-other' ? 'locked-by-other' : 'owned-by-other';
    hold({ reason, ownerName: d?.ownerName ?? store.memberName(d?.ownerId), holderName: d?.holderName ?? store.memberName(d?.holderId) }, reason);
  };

  const attempt = (event: Event | null) => {
    const decision = decide();
    const c = current();
    if (decision.action === 'allow') {
      letThrough(c!.id, decision.token);
      if (!event) resend();
      return;
    }
    event?.preventDefault();
    event?.stopImmediatePropagation();
    if (decision.action === 'claim-then-send') return void claimThenSend();
    if (decision.action === 'retake-then-send') return void retakeThenSend();
    hold({ reason: decision.reason, ownerName: store.memberName(decision.ownerId), holderName: store.memberName(decision.holderId) }, decision.reason);
  };

  const actionsFor = (c: ConversationView | null, held: HeldSend): GuardActions => ({
    requestHandoff: async () => {
      if (!c) return ui.closeHeld();
      const owner = store.memberName(c.ownerId) ?? store.memberName(c.lock?.holderId);
      const mention = owner ? `@${owner.split(/\s+/)[0]} ` : '';
      const r = await sendMessage('command', { kind: 'note', conversationId: c.id, body: `${mention}${store.me?.name ?? 'A teammate'} asks for a handoff of this chat.` });
      if (r.ok) ui.closeHeld();
      else ui.setGuardState({ error: r.error.message });
    },
    takeOver: async (reason) => {
      if (!c) return;
      ui.setGuardState({ busy: true, error: null });
      const r = c.status === 'bot' || !c.ownerId
        ? await sendMessage('command', { kind: 'claim', conversationId: c.id })
        : await sendMessage('command', { kind: 'takeOver', conversationId: c.id, reason });
      if (!r.ok) return ui.setGuardState({ busy: false, error: r.error.message });
      store.putAndNotify(r.value);
      const grant = await lease.touch(c.id);
      ui.closeHeld();
      letThrough(c.id, grant?.token ?? null);
      resend();
    },
    sendAnyway: (reason) => {
      ui.closeHeld();
      if (c) tracker.expectSend({ conversationId: c.id, kind: 'override', token: null, reason, at: Date.now() });
      resend();
    },
    acknowledge: () => {
      tracker.acknowledgedAt = Date.now();
      ui.closeHeld();
      if (held.reason === 'traffic-cop') attempt(null);
    },
    cancel: () => {
      ui.closeHeld();
      // The held text is still in the composer: the rep goes on where they were.
      (findComposer(document).element as HTMLElement | null)?.focus();
    },
  });

  // Runs on every keystroke: walk up from the target instead of searching the page.
  const editorHas = (target: EventTarget | null) => (target instanceof Node ? composerContaining(target) : null);

  const onKeyDown = (e: KeyboardEvent) => {
    if (bypass || !store.signedIn || !store.me) return;
    // Most keystrokes are not a send: decide that before walking the DOM.
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.altKey || e.ctrlKey || e.metaKey) return;
    const editor = editorHas(e.target);
    if (!editor) return;
    if (composerIsBlank(editor)) return;
    attempt(e);
  };

  const onClick = (e: MouseEvent) => {
    if (bypass || !store.signedIn || !store.me) return;
    if (!(e.target instanceof Element) || !isSendButton(e.target)) return;
    attempt(e);
  };

  /** Typing takes (or renews) the reply lock, so the decision at Enter is local. */
  const onInput = (e: Event) => {
    const editor = store.signedIn && tracker.state === 'ready' ? editorHas(e.target) : null;
    if (!editor) return;
    if (composerIsBlank(editor)) {
      tracker.composeStartedAt = null;
      return;
    }
    tracker.composeStartedAt ??= Date.now();
    const c = store.get(tracker.conversationId!);
    if (store.online && c && c.status !== 'bot' && (!c.ownerId || c.ownerId === store.me?.id)) void lease.touch(c.id);
  };

  document.addEventListener('keydown', onKeyDown, true);
  document.addEventListener('click', onClick, true);
  document.addEventListener('input', onInput, true);
  ctx.onInvalidated(() => {
    document.removeEventListener('keydown', onKeyDown, true);
    document.removeEventListener('click', onClick, true);
    document.removeEventListener('input', onInput, true);
  });
}
