import type { ContentScriptContext } from '#imports';
import { badgeModel, sameBadge, type BadgeModel } from '../../utils/inbox/badge-model';
import { renderRowBadge } from '../../components/overlay/row-badge';
import { findRowElement, listRowElements, readRowIdentity } from '../../utils/whatsapp';
import type { TabStore } from './tab-store';

const HOST_ATTR = 'data-inbox-host';
const models = new WeakMap<Element, BadgeModel>();
/** The chat each painted row showed last time: a store change repaints only the rows it concerns. */
const rowKeys = new WeakMap<Element, string>();

/**
 * Keeps one badge on every rendered chat row. Rows are re-read on every change (WhatsApp re-renders and may
 * reuse nodes), and all changed rows of one frame are drawn together.
 */
export function startRowBadges(ctx: ContentScriptContext, store: TabStore) {
  const dirty = new Set<Element>();
  const painted = new Set<Element>();
  let all = true;
  let frame = 0;
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(flush);
  };
  const flush = () => {
    frame = 0;
    const pane = document.getElementById('pane-side');
    const rows = all ? (pane ? listRowElements(pane) : []) : [...dirty];
    all = false;
    for (const r of painted) if (!r.isConnected) painted.delete(r);
    dirty.clear();
    const now = Date.now();
    for (const row of rows) paint(row, now);
  };
  const paint = (rowEl: Element, now: number) => {
    if (!rowEl.isConnected) return;
    const row = readRowIdentity(rowEl);
    let host = rowEl.querySelector(`:scope > [${HOST_ATTR}]`);
    if (!row) return host?.remove();
    painted.add(rowEl);
    rowKeys.set(rowEl, row.titleKey);
    const model = badgeModel(store.lookup(row), store.members, store.me?.id ?? null, now);
    if (!host) {
      host = document.createElement('span');
      host.setAttribute(HOST_ATTR, '');
      host.attachShadow({ mode: 'open' });
      rowEl.append(host);
    }
    if (sameBadge(models.get(host), model)) return;
    models.set(host, model);
    renderRowBadge(host.shadowRoot!, model);
  };
  const isHost = (n: Node) => n instanceof Element && n.hasAttribute(HOST_ATTR);
  // Rows move (translateY) and get selected without their chat changing: only content changes are watched.
  const observer = new MutationObserver((records) => {
    // One incoming message touches many nodes of one row: look each changed node's row up once.
    const seen = new Set<Node>();
    for (const r of records) {
      if (isHost(r.target)) continue;
      // Our own host being added to a row is not a change of the row.
      if (r.type === 'childList' && [...r.addedNodes, ...r.removedNodes].every(isHost)) continue;
      if (r.type !== 'childList' && seen.has(r.target)) continue;
      seen.add(r.target);
      const row = findRowElement(r.target);
      if (row) {
        dirty.add(row);
        continue;
      }
      // A change above the rows (the grid): a row node came in, or a whole block was re-rendered.
      for (const n of r.addedNodes) {
        if (isHost(n) || !(n instanceof Element)) continue;
        const added = findRowElement(n);
        if (added) dirty.add(added);
        else all = true;
      }
    }
    if (dirty.size || all) schedule();
  });
  let observed: Element | null = null;
  const attach = () => {
    const pane = document.getElementById('pane-side');
    if (pane === observed) return;
    observer.disconnect();
    observed = pane;
    if (pane) observer.observe(pane, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['title', 'aria-label'] });
    all = true;
    schedule();
  };
  attach();
  // #pane-side itself can be replaced (logout, reload of the side pane): re-attach when it is.
  const appObserver = new MutationObserver(attach);
  appObserver.observe(document.getElementById('app') ?? document.body, { childList: true, subtree: true });
  const unsubscribe = store.subscribe((changed) => {
    if (changed === 'all') all = true;
    else {
      const keys = new Set([...changed].map((id) => store.get(id)?.titleKey).filter(Boolean));
      for (const r of painted) if (keys.has(rowKeys.get(r) ?? '')) dirty.add(r);
    }
    schedule();
  });
  // Leases and SLA clocks move with time alone: repaint only the badges that show one.
  ctx.setInterval(() => {
    for (const r of painted) {
      const m = r.isConnected ? models.get(r.querySelector(`:scope > [${HOST_ATTR}]`) ?? r) : undefined;
      if (m && (m.replying || m.sla)) dirty.add(r);
    }
    if (dirty.size) schedule();
  }, 5_000);
  ctx.onInvalidated(() => {
    observer.disconnect();
    appObserver.disconnect();
    unsubscribe();
  });
  return { attach };
}
