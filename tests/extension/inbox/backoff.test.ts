import { describe, expect, it } from 'vitest';
import { doublingBackoff } from '../../../utils/backoff';

describe('doublingBackoff', () => {
  it('doubles from the first delay and stops at the ceiling', () => {
    expect([0, 1, 2, 3, 4, 5, 20].map(doublingBackoff(100, 1_000))).toEqual([100, 200, 400, 800, 1_000, 1_000, 1_000]);
  });
  it('treats a negative attempt as the first', () => {
    expect(doublingBackoff(250, 5_000)(-3)).toBe(250);
  });
});
