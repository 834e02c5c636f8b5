/**
 * Holds work until the page next changes its DOM or `maxWaitMs` passes, whichever comes first. A DOM change
 * means the page will render a frame anyway, and a MutationObserver callback runs in the task that made the
 * change, before that frame: work done then lands in the page's frame instead of costing one of its own.
 * The page is watched only while something is held, so a quiet tab pays nothing.
 */
export function nextPageChange(root: () => Node, maxWaitMs: number, run: () => void) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const fire = () => {
    cancel();
    run();
  };
  const observer = new MutationObserver(fire);
  const cancel = () => {
    observer.disconnect();
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  return {
    /** Arms the wait; holding again while armed changes nothing (the first deadline stands). */
    hold() {
      if (timer !== null) return;
      timer = setTimeout(fire, maxWaitMs);
      observer.observe(root(), { subtree: true, childList: true, attributes: true, characterData: true });
    },
    get holding() {
      return timer !== null;
    },
    cancel,
  };
}
