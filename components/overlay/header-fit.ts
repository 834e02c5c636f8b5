/** A header-bar control as measured: how wide it is, and how soon it yields its place (rank 0 never does). */
export interface Measured {
  id: string;
  rank: number;
  width: number;
}

/**
 * Which controls stay on the bar's one line: all when they fit in `available` px; otherwise room is kept for the
 * "More" button, rank 0 always stays, and the others fill what is left in rank order (then bar order).
 */
export function fitControls(items: Measured[], available: number, moreWidth: number, gap: number): Set<string> {
  const total = items.reduce((sum, x) => sum + x.width, 0) + gap * Math.max(0, items.length - 1);
  if (total <= available) return new Set(items.map((x) => x.id));
  const room = available - moreWidth - gap;
  const byRank = items.map((x, i) => ({ ...x, i })).sort((a, b) => a.rank - b.rank || a.i - b.i);
  const kept = new Set<string>();
  let used = 0;
  for (const x of byRank) {
    const need = (kept.size ? gap : 0) + x.width;
    if (x.rank === 0 || used + need <= room) {
      kept.add(x.id);
      used += need;
    }
  }
  return kept;
}
