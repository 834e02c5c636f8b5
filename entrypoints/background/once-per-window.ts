export type Timer = { set(fn: () => void, ms: number): unknown };
export const realTimer: Timer = { set: (fn, ms) => setTimeout(fn, ms) };

/** A trigger that runs `run` once, `windowMs` after the first trigger since it last ran: many calls, one run. */
export function oncePerWindow(run: () => void, windowMs: number, timer: Timer = realTimer): () => void {
  let scheduled = false;
  return () => {
    if (scheduled) return;
    scheduled = true;
    timer.set(() => {
      scheduled = false;
      run();
    }, windowMs);
  };
}
