import type { ContentScriptContext } from '#imports';
import type { EntryName, EntryShield } from '../../components/overlay/EntryShields';
import { isOwnNode } from '../../components/overlay/own-nodes';
import { entryPointOf, findEntryPoints, isInOpenChat } from '../../utils/whatsapp';
import type { SendGuard } from './send-guard';
import type { TabStore } from './tab-store';

export interface ShieldUi {
  setShields(shields: EntryShield[], ownerName: string, onActivate: (entry: EntryName) => void): void;
}

const EXPIRY_CHECK_MS = 2_000;

/** Whether `el` is what a click at its centre reaches (past our own overlays): a shield must not cover a dialog above it. */
function onTop(el: Element, r: DOMRect): boolean {
  const hit = document.elementsFromPoint(r.left + r.width / 2, r.top + r.height / 2).find((e) => !isOwnNode(e));
  return !!hit && el.contains(hit);
}

/**
 * Fail closed where a send cannot be intercepted reliably (attach, mic, stickers): in a chat a teammate owns or is
 * answering, those entry points are covered and refuse clicks, drops and pastes; in an unowned chat opening one
 * claims the chat first, so the rep who attaches a file owns the chat when it leaves.
 */
export function startEntryPointShield(ctx: ContentScriptContext, store: TabStore, guard: SendGuard, ui: ShieldUi) {
  let drawn = '';

  const refresh = () => {
    const who = guard.teammateInTheWay();
    const points = who ? findEntryPoints(document) : null;
    const shields: EntryShield[] = points
      ? (Object.keys(points) as EntryName[]).flatMap((entry) => {
          const el = points[entry];
          if (!el) return [];
          const r = el.getBoundingClientRect();
          return r.width > 0 && onTop(el, r)
            ? [{ entry, box: { left: Math.round(r.left), top: Math.round(r.top), width: Math.round(r.width), height: Math.round(r.height) } }]
            : [];
        })
      : [];
    const key = JSON.stringify([who, shields]);
    if (key === drawn) return;
    drawn = key;
    ui.setShields(shields, who ?? '', (entry) => guard.explainHold(findEntryPoints(document)[entry] as HTMLElement | null));
  };

  const stop = (e: Event) => {
    e.preventDefault();
    e.stopImmediatePropagation();
  };

  const onClick = (e: MouseEvent) => {
    if (guard.replaying || !store.signedIn || !(e.target instanceof Element) || !entryPointOf(e.target)) return;
    const button = e.target.closest('button, [role="button"]') as HTMLElement;
    if (guard.teammateInTheWay()) {
      stop(e);
      return guard.explainHold(button);
    }
    if (!guard.needsClaim()) return;
    stop(e);
    guard.claimOpenChat(() => button.click(), button);
  };

  // A mic that records while held starts on the press, before any click.
  const onPress = (e: PointerEvent) => {
    if (guard.replaying || !(e.target instanceof Element) || !entryPointOf(e.target)) return;
    if (guard.teammateInTheWay()) stop(e);
  };

  /** Files dropped on the chat or pasted into the composer open the media editor: the same door. */
  const onFiles = (e: DragEvent | ClipboardEvent) => {
    const files = e instanceof DragEvent ? e.dataTransfer?.files : e.clipboardData?.files;
    if (guard.replaying || !store.signedIn || !files?.length || !(e.target instanceof Element) || !isInOpenChat(e.target)) return;
    if (guard.teammateInTheWay()) {
      stop(e);
      return guard.explainHold(null);
    }
    if (guard.needsClaim()) guard.claimOpenChat(() => undefined, null);
  };

  document.addEventListener('click', onClick, true);
  document.addEventListener('pointerdown', onPress, true);
  document.addEventListener('drop', onFiles, true);
  document.addEventListener('paste', onFiles, true);
  window.addEventListener('resize', refresh);
  store.subscribe(refresh);
  // A teammate's reply lock ends by time alone, with no event to say so.
  ctx.setInterval(refresh, EXPIRY_CHECK_MS);
  ctx.onInvalidated(() => {
    document.removeEventListener('click', onClick, true);
    document.removeEventListener('pointerdown', onPress, true);
    document.removeEventListener('drop', onFiles, true);
    document.removeEventListener('paste', onFiles, true);
    window.removeEventListener('resize', refresh);
  });
  return { refresh };
}
