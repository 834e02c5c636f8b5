/** How many of the header bar's controls stay inline: 2 all, 1 the everyday ones, 0 the essentials (rest in "More"). */
export type BarTier = 0 | 1 | 2;

/** Widths (px of the bar) from which each tier fits on one line in English, the widest of our languages' labels. */
export const TIER_WIDTHS = { all: 1060, everyday: 760 } as const;

/** The tier for a bar this wide; a pending handoff request takes room, so it drops one tier. */
export function barTier(width: number, hasRequest: boolean): BarTier {
  const tier: BarTier = width >= TIER_WIDTHS.all ? 2 : width >= TIER_WIDTHS.everyday ? 1 : 0;
  return hasRequest ? (Math.max(0, tier - 1) as BarTier) : tier;
}
