import { describe, expect, it } from 'vitest';
import { durationTicks, labelledDays } from '../../../components/pages/chart-scale';

const MIN = 60_000;

describe('the trend chart axes', () => {
  it.each([
    [0, [0, 5_000]],
    [12 * MIN, [0, 5 * MIN, 10 * MIN, 15 * MIN]],
    [15 * MIN, [0, 5 * MIN, 10 * MIN, 15 * MIN]],
    [16 * MIN, [0, 5 * MIN, 10 * MIN, 15 * MIN, 20 * MIN]],
    [100 * MIN, [0, 30 * MIN, 60 * MIN, 90 * MIN, 120 * MIN]],
    [30 * 60 * MIN, [0, 12 * 60 * MIN, 24 * 60 * MIN, 36 * 60 * MIN]],
  ])('a y-axis for a top value of %i ms runs from 0 in round steps past it', (max, ticks) => {
    expect(durationTicks(max)).toEqual(ticks);
  });

  it('keeps at most four steps even for values past the largest round step', () => {
    const ticks = durationTicks(20 * 24 * 60 * MIN);
    expect(ticks.length).toBeLessThanOrEqual(5);
    expect(ticks.at(-1)).toBeGreaterThanOrEqual(20 * 24 * 60 * MIN);
  });

  it('labels about six days, always the last (today)', () => {
    expect(labelledDays(14)).toEqual([1, 4, 7, 10, 13]);
    expect(labelledDays(30)).toEqual([4, 9, 14, 19, 24, 29]);
    expect(labelledDays(3)).toEqual([0, 1, 2]);
  });
});
