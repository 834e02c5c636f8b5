import type { ContentScriptContext } from '#imports';
import { badgeModel, sameBadge, type BadgeModel } from '../../../utils/inbox/badge-model';
import { renderRowBadge } from '../../../components/overlay/row-badge';
import { isOwnNode, ROW_BADGE_HOST_ATTR } from '../../../components/overlay/own-nodes';
import { nextPageChange } from '../../../utils/inbox/next-page-change';
import { findRowElement, listRowElements, readRowIdentity } from '../../../utils/whatsapp';
import type { PageWatch } from '../../../utils/whatsapp/page-watch';
import type { TabStore } from '../tab-store';
import type { Overlay } from '../overlay';
import { onLocaleChange } from '../../../utils/i18n/locale';

/** How long a teammate's change waits for the page's own next content change, so that its badge shares that frame. */
const SHARE_FRAME_MS = 100;
/** How far beyond the list's viewport rows get badges, so that scrolling shows rows already badged. */
const NEAR_MARGIN = '50% 0px';
/** Rows found far from view are asked again after a scroll, or at most this often while the list changes. */
const RECHECK_FAR_MS = 500;
/** Past this many mutation records in one batch the whole list is re-read instead of record by record. */
const MANY_RECORDS = 40;
const models = new WeakMap<Element, BadgeModel>();

/**
 * Keeps one badge on every chat row on screen or near it. Rows are re-read on every change (WhatsApp re-renders
 * and may reuse nodes). Changed rows are drawn in a microtask, so the badge lands in the same frame as the page's
 * own change instead of costing a frame of its own. A change from the feed waits for the page's next content
 * change, at most SHARE_FRAME_MS, because on a big list every extra painted frame costs several milliseconds of
 * style, layout, paint and layerization. The wait is bounded because the badge has its own budget: painted under
 * 250 ms after the claim, p99.
 * Only rows near the list's viewport get a badge: WhatsApp keeps dozens of rows rendered off screen, and a list
 * jump would otherwise build all their badges inside the page's own (already long) task.
 */
export const rowBadges: Overlay = {
  name: 'row-badges',
  start: ({ ctx, store, page }) => startRowBadges(ctx, store, page),
};

function startRowBadges(ctx: ContentScriptContext, store: TabStore, page: PageWatch) {
  let pane: Element | null = null;
  const dirty = new Set<Element>();
  const painted = new PaintedRows();
  let all = true;
  let scheduled = false;
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(flush);
  };
  // A teammate's change has no page change to ride on: it waits for the next one (WhatsApp redraws often).
  const remote = new Set<Element>();
  const gate = nextPageChange(
    () => page.appRoot,
    SHARE_FRAME_MS,
    () => {
      for (const r of remote) dirty.add(r);
      remote.clear();
      if (dirty.size) schedule();
    },
  );
  // Which rows are near the viewport, as the browser computes it after layout: no layout is forced here.
  const near = new NearRows(NEAR_MARGIN, (entered) => {
    for (const r of entered) remote.add(r);
    gate.hold();
  });
  let lastRecheck = 0;
  const flush = () => {
    scheduled = false;
    const rows = all ? (pane ? listRowElements(pane) : []) : [...dirty];
    all = false;
    painted.prune();
    near.prune();
    dirty.clear();
    const now = Date.now();
    // Rows can also drift into view without a scroll (WhatsApp re-orders the list): ask about far ones now and then.
    if (now - lastRecheck > RECHECK_FAR_MS) {
      lastRecheck = now;
      near.recheckFar();
    }
    for (const row of rows) paint(row, now);
  };
  const paint = (rowEl: Element, now: number) => {
    if (!rowEl.isConnected) return;
    // Not known to be near: ask. Such a row has no badge (a row once near stays near), so none can be stale.
    if (!near.isNear(rowEl)) return near.ask(rowEl);
    // Signed out (or revoked): the inbox says nothing about any chat.
    const row = store.signedIn ? readRowIdentity(rowEl) : null;
    let host = rowEl.querySelector(`:scope > [${ROW_BADGE_HOST_ATTR}]`);
    if (!row) {
      painted.delete(rowEl);
      return host?.remove();
    }
    painted.set(rowEl, row.titleKey);
    const model = badgeModel(store.lookup(row), store.members, store.me?.id ?? null, now);
    if (!host) {
      host = document.createElement('span');
      host.setAttribute(ROW_BADGE_HOST_ATTR, '');
      host.attachShadow({ mode: 'open' });
      rowEl.append(host);
    }
    if (sameBadge(models.get(host), model)) return;
    models.set(host, model);
    renderRowBadge(host.shadowRoot!, model);
  };
  // Rows move (translateY) and get selected without their chat changing: only content changes count.
  const onRecords = (records: MutationRecord[]) => {
    // A list jump replaces every row: one pass over the list is cheaper than finding each record's row.
    if (records.length > MANY_RECORDS) {
      all = true;
      return schedule();
    }
    // One incoming message touches many nodes of one row: look each changed node's row up once.
    const seen = new Set<Node>();
    for (const r of records) {
      if (isOwnNode(r.target) || r.attributeName === 'aria-selected') continue;
      if (r.type !== 'childList' && seen.has(r.target)) continue;
      seen.add(r.target);
      const row = findRowElement(r.target);
      if (row) {
        dirty.add(row);
        continue;
      }
      // A change above the rows (the grid): a row node came in, or a whole block was re-rendered.
      for (const n of r.addedNodes) {
        if (isOwnNode(n) || !(n instanceof Element)) continue;
        const added = findRowElement(n);
        if (added) dirty.add(added);
        else all = true;
      }
    }
    if (dirty.size || all) schedule();
  };
  const stopWatching = page.onChatList({
    pane(found) {
      pane = found;
      near.setRoot(found);
      all = true;
      schedule();
    },
    records: onRecords,
  });
  const unsubscribe = store.subscribe((changed) => {
    // The connection and outbox state are not on the badges.
    if (changed === 'status') return;
    if (changed === 'all') {
      all = true;
      return schedule();
    }
    for (const id of changed) {
      const key = store.get(id)?.titleKey;
      for (const r of (key && painted.withKey(key)) || []) remote.add(r);
    }
    if (remote.size) gate.hold();
  });
  // Leases and SLA clocks move with time alone: repaint only the badges that show one, in a frame the page draws.
  ctx.setInterval(() => {
    for (const r of painted.rows()) {
      const m = r.isConnected ? models.get(r.querySelector(`:scope > [${ROW_BADGE_HOST_ATTR}]`) ?? r) : undefined;
      if (m && (m.replying || m.sla)) remote.add(r);
    }
    if (remote.size) gate.hold();
  }, 5_000);
  // Every badge's model carries its language, so the full pass redraws them all in the new one.
  const stopLocale = onLocaleChange(() => {
    all = true;
    schedule();
  });
  ctx.onInvalidated(() => {
    stopLocale();
    gate.cancel();
    near.setRoot(null);
    stopWatching();
    unsubscribe();
  });
}

/** The rows that carry a badge, and which chat (title key) each showed when last painted, both ways round. */
class PaintedRows {
  private keyOf = new Map<Element, string>();
  private byKey = new Map<string, Set<Element>>();

  set(row: Element, key: string) {
    const old = this.keyOf.get(row);
    if (old === key) return;
    if (old !== undefined) this.unindex(row, old);
    this.keyOf.set(row, key);
    let rows = this.byKey.get(key);
    if (!rows) this.byKey.set(key, (rows = new Set()));
    rows.add(row);
  }

  delete(row: Element) {
    const old = this.keyOf.get(row);
    if (old === undefined) return;
    this.keyOf.delete(row);
    this.unindex(row, old);
  }

  /** Forgets rows WhatsApp took out of the list. */
  prune() {
    for (const row of this.keyOf.keys()) if (!row.isConnected) this.delete(row);
  }

  withKey(key: string): ReadonlySet<Element> | undefined {
    return this.byKey.get(key);
  }

  rows(): Iterable<Element> {
    return this.keyOf.keys();
  }

  private unindex(row: Element, key: string) {
    const rows = this.byKey.get(key);
    rows?.delete(row);
    if (rows?.size === 0) this.byKey.delete(key);
  }
}

/**
 * Which rendered rows are within `margin` of the list's viewport. An IntersectionObserver answers once per row and
 * the row is then unobserved (watching every row every frame costs more than the badges it saves); rows found far
 * are asked again after a scroll of the list or a `recheckFar`. A row once near stays near while it is rendered.
 */
class NearRows {
  private io: IntersectionObserver | null = null;
  private root: Element | null = null;
  private near = new WeakSet<Element>();
  private far = new Set<Element>();
  private asked = new Set<Element>();
  private readonly onScroll = () => this.recheckFar();

  constructor(
    private margin: string,
    private entered: (rows: Element[]) => void,
  ) {}

  setRoot(root: Element | null) {
    this.io?.disconnect();
    this.root?.removeEventListener('scroll', this.onScroll);
    this.far.clear();
    this.asked.clear();
    this.root = root;
    this.io = root ? new IntersectionObserver((entries) => this.answer(entries), { root, rootMargin: this.margin }) : null;
    root?.addEventListener('scroll', this.onScroll, { passive: true });
  }

  isNear(row: Element): boolean {
    return this.near.has(row);
  }

  ask(row: Element) {
    if (!this.io || this.asked.has(row)) return;
    this.asked.add(row);
    this.io.observe(row);
  }

  recheckFar() {
    for (const row of this.far) this.ask(row);
  }

  /** Forgets rows WhatsApp took out of the list. */
  prune() {
    for (const row of this.far) if (!row.isConnected) this.far.delete(row);
    for (const row of this.asked) {
      if (row.isConnected) continue;
      this.asked.delete(row);
      this.io?.unobserve(row);
    }
  }

  private answer(entries: IntersectionObserverEntry[]) {
    const came: Element[] = [];
    for (const e of entries) {
      this.io?.unobserve(e.target);
      this.asked.delete(e.target);
      if (!e.target.isConnected) continue;
      if (e.isIntersecting) {
        this.far.delete(e.target);
        this.near.add(e.target);
        came.push(e.target);
      } else this.far.add(e.target);
    }
    if (came.length) this.entered(came);
  }
}
