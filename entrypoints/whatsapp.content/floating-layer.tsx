import type { ContentScriptContext } from '#imports';
import { Fragment, type ReactNode } from 'react';
import type { Root } from 'react-dom/client';
import { createShadowReactRoot } from '../../components/overlay/shadow-host';
import { onLocaleChange } from '../../utils/i18n/locale';
import type { OpenChatTracker } from './open-chat';
import { touchesOpenChat } from './overlay';
import type { TabStore } from './tab-store';

/** The floating surfaces in page order: a later one stacks above an earlier one (the guard's dialog above all). */
const SLOTS = ['context-panel', 'entry-shields', 'slipped-notices', 'guard-dialog'] as const;
export type SlotName = (typeof SLOTS)[number];

/** A surface's part of the layer: what it is drawn from (compared by identity) and how it is drawn. */
export interface Slot {
  inputs(): readonly unknown[];
  draw(): ReactNode;
}

/**
 * One shadow root over the page for every floating surface: one host element, one React root, one draw for all of
 * them, skipped when none of their inputs changed (a lock renewal while typing changes none).
 */
export class FloatingLayer {
  private floating: { root: Root; host: HTMLElement };
  private slots = new Map<SlotName, Slot>();
  private drawn: unknown[] = [];

  constructor(ctx: ContentScriptContext, store: TabStore, tracker: OpenChatTracker) {
    const host = document.createElement('inbox-overlay');
    document.documentElement.append(host);
    this.floating = createShadowReactRoot(host);
    store.subscribe((changed) => touchesOpenChat(changed, tracker) && this.render());
    // Times shown in the panel and the notices move with time alone.
    ctx.setInterval(() => this.render(true), 15_000);
    // A language switch in the options page redraws everything in the new language.
    const stopLocale = onLocaleChange(() => this.render(true));
    ctx.onInvalidated(() => {
      stopLocale();
      this.floating.root.unmount();
      host.remove();
    });
  }

  add(name: SlotName, slot: Slot) {
    this.slots.set(name, slot);
  }

  render(force = false) {
    const inputs = SLOTS.flatMap((name) => this.slots.get(name)?.inputs() ?? []);
    if (!force && inputs.length === this.drawn.length && inputs.every((x, i) => x === this.drawn[i])) return;
    this.drawn = inputs;
    this.floating.root.render(
      <>
        {SLOTS.map((name) => (
          <Fragment key={name}>{this.slots.get(name)?.draw()}</Fragment>
        ))}
      </>,
    );
  }
}
