// Page-side instrumentation for bench/extension-bench.ts, evaluated as plain text in the page's main world (kept as
// .js so that no TypeScript transform rewrites it). Installed the same way with and without the extension.
//
// window.__bench:
//   start(opts)   drives the scripted activity inside the page from a seeded PRNG (identical in both runs) for
//                 opts.durationMs: opts.incomingPerS messages a second to random chats (never opts.excludeIndex), and
//                 a scroll of the chat list to a random position every opts.scrollEveryMs; marks 'bench:window-start'.
//   stop()        ends the window (marks 'bench:window-end'); returns what was done so far. start/stop can repeat:
//                 the runs are interleaved in slices, and every figure below covers all windows together.
//   visibleTitles()  titles of the chat rows fully inside the list's viewport (what a rep sees now).
//   watch(id, title, owner, timeoutMs)  records when the row titled `title` shows a badge whose data-owner is `owner`:
//                 tDom = the mutation observer callback right after the extension changed the badge (the extension
//                 writes badges inside a requestAnimationFrame callback), tPaint = a task posted from that callback,
//                 which runs once the frame's style, layout and paint are done. Times are epoch ms (timeOrigin + now).
//   results()     every watch; shownIds() the watches already satisfied; longTasks(); animationFrames()
//                 (long-animation-frame entries); handling() per-event listener spans (see below).
(() => {
  if (window.__bench) return;
  const now = () => performance.timeOrigin + performance.now();
  const ROWS = '#pane-side [role="row"]';
  const TITLE = '[role="gridcell"][aria-colindex="2"] span[dir="auto"][title]';
  const ROW_H = 72;

  const mulberry = (seed) => () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  // ---------- long tasks and long animation frames (observed for the whole page life, filtered by window) ----------
  const longTasks = [];
  const frames = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        longTasks.push({
          start: e.startTime,
          duration: e.duration,
          name: e.name,
          attribution: (e.attribution || []).map((a) => ({ containerType: a.containerType, containerSrc: a.containerSrc, name: a.name })),
        });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    /* not supported */
  }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        frames.push({
          start: e.startTime,
          duration: e.duration,
          blockingDuration: e.blockingDuration,
          renderStart: e.renderStart,
          styleAndLayoutStart: e.styleAndLayoutStart,
          scripts: (e.scripts || []).map((s) => ({
            invoker: s.invoker,
            invokerType: s.invokerType,
            sourceURL: s.sourceURL,
            sourceFunctionName: s.sourceFunctionName,
            duration: s.duration,
            forcedStyleAndLayoutDuration: s.forcedStyleAndLayoutDuration,
          })),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {
    /* not supported */
  }

  // ---------- badge watches ----------
  const watches = new Map(); // id -> record
  const pending = new Set();
  const rowOf = (title) => {
    const span = document.querySelector(`${ROWS} ${TITLE}[title="${CSS.escape(title)}"]`);
    return span ? span.closest('[role="row"]') : null;
  };
  const hostOf = (row) => row && row.querySelector('[data-inbox-host]');
  const ownerShown = (row) => {
    const badge = hostOf(row)?.shadowRoot?.querySelector('[data-inbox="row-badge"]');
    return badge ? badge.getAttribute('data-owner') : null;
  };
  // Only the badges of rows being watched are observed, and a change is checked against its own row: the probe is the
  // bench's, not the extension's, and its callbacks run on the page's main thread in the run with the extension only.
  const shadowObserver = new MutationObserver((records) => {
    const rows = new Set();
    for (const r of records) {
      const row = r.target.getRootNode().host?.parentElement;
      if (row) rows.add(row);
    }
    for (const row of rows) {
      const title = row.querySelector(TITLE)?.getAttribute('title');
      for (const w of pending) if (w.title === title) check(w, row);
    }
  });
  let observed = new WeakSet();
  const observeHost = (host) => {
    if (!host || !host.shadowRoot || observed.has(host)) return;
    observed.add(host);
    shadowObserver.observe(host.shadowRoot, { childList: true, subtree: true, attributes: true });
  };
  const forgetHosts = () => {
    shadowObserver.disconnect();
    observed = new WeakSet();
  };
  const settle = (w) => {
    pending.delete(w);
    if (!pending.size) forgetHosts();
  };
  const check = (w, row) => {
    observeHost(hostOf(row));
    const shown = ownerShown(row);
    // What the badge showed while watched (first value and each change), for diagnosis.
    if (!w.seen.length || w.seen[w.seen.length - 1][1] !== shown) w.seen.push([Math.round(now() - w.tRegistered), shown]);
    if (shown !== w.owner) return;
    settle(w);
    w.tDom = now();
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      w.tPaint = now();
      ch.port1.close();
    };
    ch.port2.postMessage(0);
  };
  const checkPending = () => {
    for (const w of pending) {
      const row = rowOf(w.title);
      if (row) check(w, row);
    }
  };
  // A row that comes back into the rendered window gets a new host from the extension.
  let paneObserver = null;
  const attachPane = () => {
    const pane = document.getElementById('pane-side');
    if (!pane || paneObserver) return;
    paneObserver = new MutationObserver((records) => {
      if (!pending.size) return;
      const titles = new Set([...pending].map((w) => w.title));
      let hostAdded = false;
      let rowRemoved = false;
      for (const r of records) {
        for (const n of r.addedNodes) {
          if (n.nodeType !== 1 || !n.hasAttribute('data-inbox-host')) continue;
          if (!titles.has(n.parentElement?.querySelector(TITLE)?.getAttribute('title'))) continue;
          observeHost(n);
          hostAdded = true;
        }
        for (const n of r.removedNodes) if (n.nodeType === 1 && n.getAttribute('role') === 'row') rowRemoved = true;
      }
      // A watched row that left the rendered list: its badge can no longer be seen changing (excluded).
      if (rowRemoved) for (const w of pending) if (w.leftAt === null && !rowOf(w.title)) w.leftAt = now();
      if (hostAdded) checkPending();
    });
    paneObserver.observe(pane, { childList: true, subtree: true });
  };

  // ---------- scripted activity ----------
  let timers = [];
  let done = { incoming: 0, scrolls: 0, incomingErrors: 0 };
  // Measured windows (several when the runs are interleaved in slices): [start, end] in performance.now() time.
  const wins = [];
  const inWindow = (t) => wins.some((w) => t >= w.start && t <= w.end);

  // Time from the first listener (window, capture) to the last (window, bubble) of each Enter keydown and each
  // input event: includes every listener in between, so the extension's capture listeners and the app's own.
  const handling = { keydownEnter: [], input: [] };
  let openEvent = null;
  const opened = (e) => {
    if (e.type === 'keydown' && e.key !== 'Enter') return;
    openEvent = { e, t: performance.now() };
  };
  const closed = (e) => {
    if (!openEvent || openEvent.e !== e) return;
    const d = performance.now() - openEvent.t;
    openEvent = null;
    if (inWindow(performance.now())) (e.type === 'keydown' ? handling.keydownEnter : handling.input).push(d);
  };
  for (const type of ['keydown', 'input']) {
    window.addEventListener(type, opened, true);
    window.addEventListener(type, closed, false);
  }
  const TEXTS = ['Buongiorno, info sui prezzi?', 'Mi mandi il preventivo?', 'Quando arriva la consegna?', 'Grazie mille!', 'Avete disponibilità per domani?'];

  window.__bench = {
    now,
    start(opts) {
      attachPane();
      const rand = mulberry(opts.seed);
      const total = window.__wa.chats().length;
      performance.mark('bench:window-start');
      const t0 = performance.now();
      const until = t0 + (opts.durationMs ?? Infinity);
      wins.push({ start: t0, end: Infinity });
      const tick = 1000 / opts.incomingPerS;
      // Catch-up scheduling: the n-th message is due at t0 + n*tick, so a busy page does not send fewer.
      let n = 0;
      const incoming = () => {
        const due = Math.floor((Math.min(performance.now(), until) - t0) / tick) + 1;
        while (n < due) {
          n++;
          let i = Math.floor(rand() * total);
          if (i === opts.excludeIndex) i = (i + 1) % total;
          try {
            window.__wa.incoming(i, TEXTS[n % TEXTS.length]);
            done.incoming++;
          } catch {
            done.incomingErrors++;
          }
        }
      };
      timers.push(setInterval(incoming, tick));
      timers.push(
        setInterval(() => {
          if (performance.now() > until) return;
          const maxPos = total - Math.ceil(document.getElementById('pane-side').clientHeight / ROW_H);
          window.__wa.scrollTo(Math.floor(rand() * maxPos));
          done.scrolls++;
        }, opts.scrollEveryMs),
      );
      return now();
    },
    stop() {
      for (const t of timers) clearInterval(t);
      timers = [];
      performance.mark('bench:window-end');
      const w = wins[wins.length - 1];
      w.end = performance.now();
      return { ...done, at: now(), windowMs: w.end - w.start };
    },
    visibleTitles() {
      const pane = document.getElementById('pane-side');
      const top = pane.scrollTop;
      const bottom = top + pane.clientHeight;
      const out = [];
      for (const row of document.querySelectorAll(ROWS)) {
        const y = Number(/translateY\((-?[\d.]+)px\)/.exec(row.style.transform)?.[1] ?? NaN);
        if (!(y >= top && y + ROW_H <= bottom)) continue;
        const t = row.querySelector(TITLE)?.getAttribute('title');
        if (t) out.push({ title: t, owner: ownerShown(row), y: y - top });
      }
      return out;
    },
    watch(id, title, owner, timeoutMs) {
      attachPane();
      const w = {
        id,
        title,
        owner,
        tRegistered: now(),
        tDom: null,
        tPaint: null,
        timedOut: false,
        rowPresentAtTimeout: null,
        ownerAtTimeout: null,
        seen: [],
        absentAtStart: false,
        leftAt: null,
      };
      watches.set(id, w);
      pending.add(w);
      const row = rowOf(title);
      observeHost(hostOf(row));
      if (row) w.seen.push([0, ownerShown(row)]);
      else w.absentAtStart = true;
      setTimeout(() => {
        if (!pending.has(w)) return;
        settle(w);
        w.timedOut = true;
        const r = rowOf(title);
        w.rowPresentAtTimeout = !!r;
        w.ownerAtTimeout = r ? ownerShown(r) : null;
      }, timeoutMs);
      return w.tRegistered;
    },
    results: () => [...watches.values()],
    shownIds: () => [...watches.values()].filter((w) => w.tDom !== null).map((w) => w.id),
    longTasks: () => longTasks.filter((e) => inWindow(e.start)),
    animationFrames: () => frames.filter((e) => inWindow(e.start)),
    handling: () => ({ keydownEnter: handling.keydownEnter.slice(), input: handling.input.slice() }),
    /** Forgets the warm-up: watches, windows, counters and what the observers saw. */
    reset() {
      watches.clear();
      pending.clear();
      forgetHosts();
      longTasks.length = 0;
      frames.length = 0;
      wins.length = 0;
      handling.keydownEnter.length = 0;
      handling.input.length = 0;
      done = { incoming: 0, scrolls: 0, incomingErrors: 0 };
    },
  };
})();
