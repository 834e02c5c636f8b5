import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextPageChange } from '../../../utils/inbox/next-page-change';

const flushMicrotasks = () => new Promise<void>((resolve) => queueMicrotask(resolve));

/** A page element in the document, and a gate on it that counts its runs. */
function gateOn(maxWaitMs: number) {
  const page = document.createElement('div');
  document.body.append(page);
  const run = vi.fn();
  return { page, run, gate: nextPageChange(() => page, maxWaitMs, run) };
}

describe('nextPageChange', () => {
  afterEach(() => {
    vi.useRealTimers();
    document.body.replaceChildren();
  });

  it('runs held work when the page next changes its DOM, not before', async () => {
    const { page, run, gate } = gateOn(10_000);
    gate.hold();
    await flushMicrotasks();
    expect(run).not.toHaveBeenCalled();
    page.append(document.createElement('span'));
    await flushMicrotasks();
    expect(run).toHaveBeenCalledTimes(1);
    expect(gate.holding).toBe(false);
  });

  it('treats text changes as page changes, and not attribute changes (a row moved by its transform paints nothing)', async () => {
    const { page, run, gate } = gateOn(10_000);
    const text = document.createTextNode('a');
    page.append(text);
    gate.hold();
    page.setAttribute('style', 'transform: translateY(72px)');
    await flushMicrotasks();
    expect(run).not.toHaveBeenCalled();
    text.data = 'b';
    await flushMicrotasks();
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('runs after maxWaitMs when the page stays quiet, once however often it was held', async () => {
    vi.useFakeTimers();
    const { run, gate } = gateOn(80);
    gate.hold();
    gate.hold();
    vi.advanceTimersByTime(79);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1_000);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('stops watching the page once it ran, and after cancel', async () => {
    const { page, run, gate } = gateOn(10_000);
    gate.hold();
    page.append(document.createElement('i'));
    await flushMicrotasks();
    page.append(document.createElement('b'));
    await flushMicrotasks();
    expect(run).toHaveBeenCalledTimes(1);
    gate.hold();
    gate.cancel();
    page.append(document.createElement('u'));
    await flushMicrotasks();
    expect(run).toHaveBeenCalledTimes(1);
    expect(gate.holding).toBe(false);
  });
});
