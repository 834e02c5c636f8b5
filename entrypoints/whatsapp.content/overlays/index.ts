import type { Overlay } from '../overlay';
import { contextPanel } from './context-panel';
import { guard } from './guard';
import { headerBar } from './header-bar';
import { rowBadges } from './row-badges';
import { slippedNotices } from './slipped-notices';

/** Every surface the rep sees, in the order they start; tests/extension/conventions checks none is left out. */
export const overlays: readonly Overlay[] = [headerBar, contextPanel, rowBadges, guard, slippedNotices];
