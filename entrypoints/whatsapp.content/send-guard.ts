import type { ContentScriptContext } from '#imports';
import { decideSend, type GuardDecision } from '../../utils/inbox/guard-decision';
import type { HeldSend } from '../../components/overlay/GuardDialog';
import { sendMessage } from '../../utils/messaging';
import {
  captionEditorContaining,
  composerContaining,
  composerIsBlank,
  findComposer,
  findMediaSendButton,
  findSendButton,
  readForwardPicks,
  sendPathOfClick,
  type SendPath,
} from '../../utils/whatsapp';
import type { ConversationView } from '../../utils/inbox/types';
import { decideForward, type ForwardTarget } from './forward-decision';
import type { OpenChatTracker } from './open-chat';
import type { ReplyLease } from './reply-lease';
import type { TabStore } from './tab-store';
import { t } from '../../utils/i18n/t';
import { errorText } from '../../utils/i18n/error-text';

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

/** One send the rep started: how it leaves, where focus returns if it is held, and how to replay it. */
interface Attempt {
  path: SendPath;
  origin: HTMLElement | null;
  replay(): void;
}

/** A chat made ready for a send (claimed, lease retaken): the token to report it with, or why it is held. */
type Prepared = { ok: true; token: number | null } | { ok: false; held: HeldSend };

/** What the guard lets other modules ask of it: the entry-point shield and the slipped-send detector. */
export interface SendGuard {
  /** Runs `then` once the open chat is claimed (or at once when it needs no claim); holds otherwise. */
  claimOpenChat(then: () => void, origin: HTMLElement | null): void;
  /** Shows the held dialog for the open chat as it stands (a click on a disabled entry point). */
  explainHold(origin: HTMLElement | null): void;
  /** Whether a replay of a guarded send is running (its events must pass untouched). */
  readonly replaying: boolean;
  /** The teammate who owns the open chat or holds its reply lock, by name, when one does. */
  teammateInTheWay(): string | null;
  /** Whether a send in the open chat would claim it first (unowned, online). */
  needsClaim(): boolean;
}

/**
 * Intercepts every send path (Enter and the send button of the composer and of the media caption, the voice
 * note's send, a sticker or GIF, the forward dialog's send) in the capture phase, before WhatsApp's handlers,
 * and applies the guard of product spec section 3 with one decision and one dialog.
 */
export function startSendGuard(ctx: ContentScriptContext, store: TabStore, tracker: OpenChatTracker, lease: ReplyLease, ui: GuardUi): SendGuard {
  let bypass = false;

  const current = (): ConversationView | null | undefined => {
    if (tracker.state === 'ready') return store.get(tracker.conversationId!) ?? null;
    if (tracker.state === 'unavailable') return null;
    return undefined;
  };

  const decideFor = (c: ConversationView | null | undefined, composing: boolean): GuardDecision =>
    decideSend({
      now: Date.now(),
      meId: store.me!.id,
      online: store.online,
      conversation: c,
      myLease: c ? lease.current(c.id) : null,
      composeStartedAt: composing ? tracker.composeStartedAt : null,
      lastForeignActivityAt: composing && c ? (store.foreignActivity.get(c.id) ?? null) : null,
      acknowledgedAt: composing ? tracker.acknowledgedAt : null,
    });

  const heldFor = (d: Extract<GuardDecision, { action: 'hold' }>): HeldSend => ({
    reason: d.reason,
    ownerName: store.memberName(d.ownerId),
    holderName: store.memberName(d.holderId),
  });

  const decide = (): GuardDecision => {
    const t0 = performance.now();
    const decision = decideFor(current(), true);
    // Measured so the benchmark can read the decision time off the page's performance timeline.
    performance.measure('inbox-guard-decision', { start: t0, end: performance.now() });
    return decision;
  };

  /** Replays a send through WhatsApp's own handlers, past our listeners. */
  const replaying = (fn: () => void) => {
    bypass = true;
    try {
      fn();
    } finally {
      bypass = false;
    }
  };
  const clickIfThere = (element: Element | null) => (element as HTMLElement | null)?.isConnected && (element as HTMLElement).click();

  const composerAttempt = (): Attempt => ({
    path: 'composer',
    origin: findComposer(document).element as HTMLElement | null,
    replay: () => {
      const button = findSendButton(document).element as HTMLElement | null;
      if (button) button.click();
      else
        findComposer(document).element?.dispatchEvent(
          new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', keyCode: 13, bubbles: true, cancelable: true }),
        );
    },
  });

  const letThrough = (conversationId: string, token: number | null) => tracker.expectSend({ conversationId, kind: 'send', token, at: Date.now() });

  const hold = (held: HeldSend, reportReason: HeldSend['reason'], a: Attempt, conversations: Array<ConversationView | null> = [current() ?? null]) => {
    for (const c of conversations)
      if (c && reportReason !== 'unknown-chat') void sendMessage('report', { kind: 'held', conversationId: c.id, reason: reportReason });
    ui.showHeld(held, actionsFor(conversations.length === 1 ? conversations[0]! : null, held, a));
  };
  const holdUnknown = (a: Attempt) => hold({ reason: 'unknown-chat', ownerName: null, holderName: null }, 'unknown-chat', a);

  /** A refusal from the server, as the dialog names it: who owns the chat or holds its reply lock. */
  const heldByRefusal = (
    reason: HeldSend['reason'],
    d: { ownerId?: string | null; ownerName?: string | null; holderId?: string | null; holderName?: string | null } | null | undefined,
  ): HeldSend => ({
    reason,
    ownerName: d?.ownerName ?? store.memberName(d?.ownerId),
    holderName: d?.holderName ?? store.memberName(d?.holderId),
  });

  const claim = async (c: ConversationView): Promise<{ ok: true } | { ok: false; held: HeldSend }> => {
    const r = await sendMessage('claim', { conversationId: c.id, withLock: true });
    if (r.ok) {
      store.putAndNotify(r.value);
      // The claim brought the reply lock with it: the send needs no second round trip.
      const lock = r.value.lock;
      if (lock && lock.holderId === store.me?.id) lease.adopt(c.id, { token: lock.token, expiresAt: lock.expiresAt });
      return { ok: true };
    }
    return { ok: false, held: heldByRefusal(r.error.code === 'UNREACHABLE' ? 'offline' : 'claim-lost', r.error.details) };
  };

  const claimWithLease = async (c: ConversationView): Promise<Prepared> => {
    const r = await claim(c);
    return r.ok ? { ok: true, token: (await lease.touch(c.id))?.token ?? null } : r;
  };

  const claimThenSend = async (a: Attempt) => {
    const c = current();
    if (!c) return holdUnknown(a);
    const r = await claimWithLease(c);
    if (!r.ok) return hold(r.held, r.held.reason, a);
    letThrough(c.id, r.token);
    replaying(a.replay);
  };

  /** A lease that ran out is not a licence: the server decides again whether this chat is still the rep's. */
  const retake = async (c: ConversationView): Promise<Prepared> => {
    const r = await lease.retake(c.id);
    if (r.ok) return { ok: true, token: r.grant.token };
    // Unreachable: the offline rule lets an owned chat send, recorded and replayed later.
    if (r.error.code === 'UNREACHABLE') return { ok: true, token: null };
    return { ok: false, held: heldByRefusal(r.error.details?.reason === 'locked-by-other' ? 'locked-by-other' : 'owned-by-other', r.error.details) };
  };

  const retakeThenSend = async (a: Attempt) => {
    const c = current();
    if (!c) return holdUnknown(a);
    const r = await retake(c);
    if (!r.ok) return hold(r.held, r.held.reason, a);
    letThrough(c.id, r.token);
    replaying(a.replay);
  };

  const attempt = (event: Event | null, a: Attempt) => {
    const decision = decide();
    const c = current();
    if (decision.action === 'allow') {
      letThrough(c!.id, decision.token);
      if (!event) replaying(a.replay);
      return;
    }
    event?.preventDefault();
    event?.stopImmediatePropagation();
    if (decision.action === 'claim-then-send') return void claimThenSend(a);
    if (decision.action === 'retake-then-send') return void retakeThenSend(a);
    hold(heldFor(decision), decision.reason, a);
  };

  /** Each picked chat gets the guard's decision; one held chat holds the forward, naming its owner. */
  const attemptForward = (event: Event, button: Element) => {
    const targets: ForwardTarget[] = readForwardPicks(button).map((title) => {
      const found = store.lookup({ jid: null, title });
      return { title, conversation: found.ambiguous ? undefined : found.conversation };
    });
    const plan = decideForward(targets, (c) => decideFor(c, false));
    const a: Attempt = { path: 'forward', origin: button as HTMLElement, replay: () => clickIfThere(button) };
    if (plan.action === 'allow') {
      for (const t of plan.allowed) letThrough(t.conversation.id, t.token);
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    if (plan.action === 'hold') {
      const names = (ids: Array<string | null>) => [...new Set(ids.map((id) => store.memberName(id)).filter((n): n is string => !!n))].join(', ') || null;
      return hold(
        {
          reason: plan.reason,
          ownerName: names(plan.held.map((h) => h.ownerId)),
          holderName: names(plan.held.map((h) => h.holderId)),
          chats: plan.held.map((h) => h.title),
        },
        plan.reason,
        a,
        plan.held.map((h) => h.conversation),
      );
    }
    void (async () => {
      const tokens = new Map<string, number | null>();
      for (const t of plan.steps) {
        const c = t.conversation ?? (await resolveByTitle(t.title));
        if (!c) return hold({ reason: 'unknown-chat', ownerName: null, holderName: null, chats: [t.title] }, 'unknown-chat', a);
        const r = t.step === 'claim' ? await claimWithLease(c) : t.step === 'retake' ? await retake(c) : { ok: true as const, token: t.token };
        if (!r.ok) return hold({ ...r.held, chats: [t.title] }, r.held.reason, a, [c]);
        tokens.set(c.id, r.token);
      }
      for (const [id, token] of tokens) letThrough(id, token);
      replaying(a.replay);
    })();
  };

  const resolveByTitle = async (title: string): Promise<ConversationView | null> => {
    const r = await sendMessage('resolveChat', { title, kind: 'direct' });
    if (!r.ok || !('conversation' in r.value)) return null;
    store.putAndNotify(r.value.conversation);
    return r.value.conversation;
  };

  const actionsFor = (c: ConversationView | null, held: HeldSend, a: Attempt): GuardActions => ({
    requestHandoff: async () => {
      if (!c) return ui.closeHeld();
      // The owner sees the request at once in their header bar, with Accept / Decline.
      const r = await sendMessage('requestHandoff', { conversationId: c.id });
      if (!r.ok) return ui.setGuardState({ error: errorText(r.error) });
      store.putAndNotify(r.value);
      ui.closeHeld();
    },
    takeOver: async (reason) => {
      if (!c) return;
      ui.setGuardState({ busy: true, error: null });
      const r =
        c.status === 'bot' || !c.ownerId
          ? await sendMessage('claim', { conversationId: c.id })
          : await sendMessage('takeOver', { conversationId: c.id, reason });
      if (!r.ok) return ui.setGuardState({ busy: false, error: errorText(r.error) });
      store.putAndNotify(r.value);
      const grant = await lease.touch(c.id);
      ui.closeHeld();
      letThrough(c.id, grant?.token ?? null);
      replaying(a.replay);
    },
    sendAnyway: (reason) => {
      ui.closeHeld();
      if (c) tracker.expectSend({ conversationId: c.id, kind: 'override', token: null, reason, at: Date.now() });
      replaying(a.replay);
    },
    acknowledge: () => {
      tracker.acknowledgedAt = Date.now();
      ui.closeHeld();
      if (held.reason === 'traffic-cop') attempt(null, a);
    },
    cancel: () => {
      ui.closeHeld();
      // The held text (or file, or pick) is still there: the rep goes on where they were.
      if (a.origin?.isConnected) a.origin.focus();
    },
  });

  // Runs on every keystroke: walk up from the target instead of searching the page.
  const editorHas = (target: EventTarget | null) => (target instanceof Node ? composerContaining(target) : null);
  const ready = () => !bypass && store.signedIn && store.me !== null;

  const onKeyDown = (e: KeyboardEvent) => {
    if (!ready()) return;
    // Most keystrokes are not a send: decide that before walking the DOM.
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.altKey || e.ctrlKey || e.metaKey) return;
    const editor = editorHas(e.target);
    if (editor) {
      if (!composerIsBlank(editor)) attempt(e, composerAttempt());
      return;
    }
    const caption = e.target instanceof Node ? captionEditorContaining(e.target) : null;
    if (caption) attempt(e, { path: 'media', origin: caption as HTMLElement, replay: () => clickIfThere(findMediaSendButton(document)) });
  };

  const onClick = (e: MouseEvent) => {
    if (!ready() || !(e.target instanceof Element)) return;
    const hit = sendPathOfClick(e.target);
    if (!hit) return;
    if (hit.path === 'composer') return attempt(e, composerAttempt());
    if (hit.path === 'forward') return attemptForward(e, hit.element);
    attempt(e, { path: hit.path, origin: hit.element as HTMLElement, replay: () => clickIfThere(hit.element) });
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

  return {
    claimOpenChat(then, origin) {
      if (!store.signedIn || !store.me) return then();
      const a: Attempt = { path: 'composer', origin, replay: then };
      const decision = decideFor(current(), false);
      if (decision.action === 'hold') return hold(heldFor(decision), decision.reason, a);
      if (decision.action !== 'claim-then-send') return then();
      const c = current();
      if (!c) return holdUnknown(a);
      void claim(c).then((r) => (r.ok ? replaying(then) : hold(r.held, r.held.reason, a)));
    },
    explainHold(origin) {
      const decision = decideFor(current(), false);
      if (decision.action !== 'hold') return;
      const held = heldFor(decision);
      ui.showHeld(held, actionsFor(current() ?? null, held, { path: 'composer', origin, replay: () => undefined }));
    },
    get replaying() {
      return bypass;
    },
    teammateInTheWay() {
      if (!store.signedIn || !store.me) return null;
      const d = decideFor(current(), false);
      if (d.action !== 'hold' || (d.reason !== 'owned-by-other' && d.reason !== 'locked-by-other')) return null;
      return store.memberName(d.reason === 'owned-by-other' ? d.ownerId : d.holderId) ?? t('common.aTeammate');
    },
    needsClaim() {
      return !!store.me && decideFor(current(), false).action === 'claim-then-send';
    },
  };
}
