import type { ContentScriptContext } from '#imports';
import { describeSendOrigin } from '../../utils/whatsapp';
import { isOwnNode } from '../../components/overlay/own-nodes';

/** How soon after the rep's own click or key a new outgoing message counts as sent from this tab. */
export const GESTURE_WINDOW_MS = 2_000;

/**
 * The rep's last deliberate action in WhatsApp's page (a trusted pointer press or key). An outgoing message that
 * follows one, with no guarded send to explain it, left through a path the guard does not know; one that
 * follows none came from the phone or another device.
 */
export class SendGestures {
  private last: { at: number; origin: string } | null = null;

  constructor(
    ctx: ContentScriptContext,
    private now: () => number = Date.now,
  ) {
    const note = (e: Event) => {
      // Synthetic events (a page script, our own replays) are no rep's action; our overlays are not WhatsApp's.
      if (!e.isTrusted || !(e.target instanceof Element) || isOwnNode(e.target)) return;
      // Only a key that activates (Enter, Space) can send: typing must not make a teammate's send look like ours.
      if (e instanceof KeyboardEvent && e.key !== 'Enter' && e.key !== ' ') return;
      const key = e instanceof KeyboardEvent ? `key ${e.key} in ` : '';
      this.last = { at: this.now(), origin: `${key}${describeSendOrigin(e.target)}` };
    };
    document.addEventListener('pointerdown', note, true);
    document.addEventListener('keydown', note, true);
    ctx.onInvalidated(() => {
      document.removeEventListener('pointerdown', note, true);
      document.removeEventListener('keydown', note, true);
    });
  }

  /** Where the rep's action of the last moments was, if there was one. */
  recent(): string | null {
    return this.last && this.now() - this.last.at <= GESTURE_WINDOW_MS ? this.last.origin : null;
  }
}
