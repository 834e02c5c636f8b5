import { describe, expect, it } from 'vitest';
import { PushBatcher } from '../../../entrypoints/background/push-batcher';
import type { TabPush } from '../../../utils/inbox/types';

/** A timer the test fires by hand: the window is a count of calls, not a wait. */
function manualTimer() {
  const due: Array<() => void> = [];
  return {
    set: (fn: () => void) => void due.push(fn),
    fire: () => due.splice(0).forEach((fn) => fn()),
    get waiting() {
      return due.length;
    },
  };
}
const status = (outboxPending: number): TabPush => ({ type: 'status', online: true, outboxPending, outboxConflicts: [] });

describe('PushBatcher', () => {
  it('sends what arrives inside one window as one batch, in order, and a lone push as itself', () => {
    const sent: TabPush[] = [];
    const timer = manualTimer();
    const b = new PushBatcher((p) => sent.push(p), 25, timer);
    b.push(status(1));
    b.push(status(2));
    b.push(status(3));
    expect(sent).toEqual([]);
    expect(timer.waiting).toBe(1);
    timer.fire();
    expect(sent).toEqual([{ type: 'batch', pushes: [status(1), status(2), status(3)] }]);
    b.push(status(4));
    timer.fire();
    expect(sent[1]).toEqual(status(4));
    timer.fire();
    expect(sent).toHaveLength(2);
  });
});
