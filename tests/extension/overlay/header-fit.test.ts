import { describe, expect, it } from 'vitest';
import { fitControls } from '../../../components/overlay/header-fit';

const items = [
  { id: 'owner', rank: 0, width: 100 },
  { id: 'release', rank: 1, width: 70 },
  { id: 'status', rank: 0, width: 120 },
  { id: 'queue', rank: 1, width: 140 },
  { id: 'labels', rank: 2, width: 90 },
];

describe('which header-bar controls stay on the line', () => {
  it('keeps everything when it all fits, with no room held for "More"', () => {
    // 520 px of controls and 4 gaps of 8.
    expect([...fitControls(items, 552, 60, 8)]).toEqual(['owner', 'release', 'status', 'queue', 'labels']);
  });

  it('otherwise keeps room for "More" and fills by rank, then bar order', () => {
    // 551 - 60 - 8 = 483 of room: owner, status (228 with a gap), release (306), queue (454); labels no longer fits.
    expect([...fitControls(items, 551, 60, 8)].sort()).toEqual(['owner', 'queue', 'release', 'status']);
    // A smaller later control still takes a gap a bigger one could not.
    // 488 - 68 = 420 of room: queue (454) does not fit after release (306), labels (404) does.
    expect([...fitControls(items, 488, 60, 8)].sort()).toEqual(['labels', 'owner', 'release', 'status']);
  });

  it('never drops rank 0, however narrow the bar', () => {
    expect([...fitControls(items, 50, 60, 8)].sort()).toEqual(['owner', 'status']);
  });
});
