/**
 * Holds work until the page next changes its content (nodes or text) or `maxWaitMs` passes, whichever comes first.
 * A content change means the page will paint a frame anyway, and a MutationObserver callback runs in the task that
 * made the change, before that frame: work done then lands in the page's frame instead of costing one of its own.
 * Attribute changes do not count: WhatsApp moves rows by their transform, a frame Chromium draws without painting,
 * which our repaint would turn into a full one. The page is watched only while something is held.
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
      observer.observe(root(), { subtree: true, childList: true, characterData: true });
    },
    get holding() {
      return timer !== null;
    },
    cancel,
  };
}
