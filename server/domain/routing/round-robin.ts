/** Plain code-unit order, so the rotation does not depend on the server's locale. */
export const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Members in round-robin order: sorted by memberId, starting with the first one after the cursor and
 * wrapping around. The cursor need not be among them (the last assignee may have gone away).
 */
export function rotateAfter<T extends { memberId: string }>(members: readonly T[], cursor: string | null | undefined): T[] {
  const sorted = [...members].sort((a, b) => compareIds(a.memberId, b.memberId));
  if (cursor == null) return sorted;
  const next = sorted.findIndex((m) => compareIds(m.memberId, cursor) > 0);
  return next <= 0 ? sorted : [...sorted.slice(next), ...sorted.slice(0, next)];
}
