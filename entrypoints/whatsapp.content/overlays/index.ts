import type { Overlay } from '../overlay';
import { contextPanel } from './context-panel';
import { guard } from './guard';
import { headerBar } from './header-bar';
import { startRowBadges } from './row-badges';
import { slippedNotices } from './slipped-notices';

/** Every surface the rep sees, in the order they start; tests/extension/conventions checks none is left out. */
export const overlays: readonly Overlay[] = [
  headerBar,
  contextPanel,
  // row-badges.ts keeps its own signature while it is reworked for speed elsewhere: adapted here.
  { name: 'row-badges', start: ({ ctx, store, page }) => startRowBadges(ctx, store, page) },
  guard,
  slippedNotices,
];
