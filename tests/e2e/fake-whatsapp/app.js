// A fake WhatsApp Web (2026 DOM shape, Italian UI) for end-to-end tests of the extension. Plain JS, no build step.
//
// Query flags:
//   chats=N     number of chats (default 1000)            recycle=1   row nodes reused by list position
//   open=I|JID  open a chat at load                        delay=MS    render the app MS after load
//   wid=DIGITS  linked account number (default 34600000001)  nowid=1  no localStorage['last-wid-md'] (logged out)
//   selfRow=1   a "message yourself" row pinned at the top (no cell-frame-container, no title attribute)
//   /send?phone=DIGITS  WhatsApp's click-to-chat link: opens the chat with that number (a new one if unknown), then
//               the address goes back to /
//   The search box filters the list as WhatsApp's does: typed text (after a short debounce) shows a "Chat" section
//   header row and the chats whose name (or number) matches, in the same grid; an empty box restores the list.
//   jids=1      message data-ids carry the chat JID (the classic "false_<jid>_<id>" form); bare ids otherwise
//   unread=N    exactly the N most recent chats are unread, each with a customer message last
//   gen=2024    the 2024 markup of the send paths: data-icon names (plus, smiley, ptt, send, delete, sticker), no
//               data-testid, a caption editor without role, forward rows as listitems with native checkboxes.
//               Default: 2026 (icons as svg titles, role="textbox" caption, role="row"/role="checkbox" rows).
//
// Test control API: window.__wa (see the bottom of this file). Every name and text is written with textContent or
// setAttribute, never innerHTML, so the HTML payload contact names render as text.
'use strict';
(() => {
  const q = new URLSearchParams(location.search);
  const intParam = (name, dflt, max) => {
    const n = Number.parseInt(q.get(name) ?? '', 10);
    return Number.isFinite(n) && n >= 0 ? Math.min(n, max) : dflt;
  };
  const N = intParam('chats', 1000, 90_000);
  const RECYCLE = q.get('recycle') === '1';
  const SELF_ROW = q.get('selfRow') === '1';
  const JIDS = q.get('jids') === '1';
  const UNREAD = q.has('unread') ? intParam('unread', 0, 90_000) : null;
  const DELAY = intParam('delay', 0, 60_000);
  const WID = /^\d{6,20}$/.test(q.get('wid') ?? '') ? q.get('wid') : '34600000001';
  const ROW_H = 72;
  const OVERSCAN = 30;
  const OWN_NAME = 'Mario Rossi';
  const GEN = q.get('gen') === '2024' ? 2024 : 2026;

  // The linked account, as WhatsApp Web stores it (a JSON-quoted "<digits>:<device>@c.us").
  if (q.get('nowid') === '1') localStorage.removeItem('last-wid-md');
  else localStorage.setItem('last-wid-md', JSON.stringify(`${WID}:12@c.us`));

  // ---------- deterministic data ----------
  const seeded = (seed) => () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rand = seeded(20260827);
  const HEX = '0123456789ABCDEF';
  const seededHex = (n) => Array.from({ length: n }, () => HEX[Math.floor(rand() * 16)]).join('');
  // Runtime ids must differ between two reps' browsers, so they come from crypto, not the seed.
  const freshHex = (n) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => HEX[b & 15]).join('');
  const pad = (n, w) => String(n).padStart(w, '0');

  const PAYLOAD_NAMES = {
    3: '<img src=x onerror=window.__xss=1>',
    5: '"><script>window.__xss=1</script>',
    9: '<svg onload=window.__xss=1>&amp;',
    11: '\u202A+39 333 123 4567\u202C',
  };
  const PEOPLE = ['Marco Gialli', 'Sara Neri', 'Luca Verdi', 'Ana Pérez', 'Paolo Conti', 'Elena Greco', '<b onmouseover=window.__xss=1>Bea</b>'];
  const IN_TEXTS = [
    'Buongiorno, info sui prezzi?',
    'Mi mandi il preventivo?',
    'Quando arriva la consegna?',
    'Grazie mille!',
    'Avete disponibilità per domani?',
    'Ok, perfetto',
    'Ho chiuso il contratto',
  ];
  const OUT_TEXTS = ['Certo, le mando tutto subito', 'Ecco il listino aggiornato', 'Perfetto, grazie', 'Ti richiamo io', 'Ti ho inviato il preventivo'];

  const t0 = Date.now();
  const chats = [];
  const byJid = new Map();
  for (let i = 0; i < N; i++) {
    const isGroup = i % 10 === 7;
    const name = PAYLOAD_NAMES[i] ?? (isGroup ? `Gruppo ${pad(i, 4)}` : `Cliente ${pad(i, 4)}`);
    // An unsaved contact's title is its number, and a direct chat's JID is that number.
    const phone = /^[\u202A+\d\s\u202C]+$/.test(name) ? name.replace(/\D/g, '') : null;
    const chat = {
      index: i,
      jid: isGroup ? `120363${pad(i, 12)}@g.us` : phone ? `${phone}@c.us` : `346000${pad(10000 + i, 5)}@c.us`,
      name,
      isGroup,
      muted: i % 9 === 4,
      badgeInTitle: i % 5 === 2,
      participants: isGroup ? [PEOPLE[i % 7], PEOPLE[(i + 1) % 7], PEOPLE[(i + 3) % 7]] : [],
      messages: [],
      unread: 0,
      lastTs: 0,
      version: 0,
    };
    const count = 1 + (i % 4);
    const lastTs = t0 - (i * 11 + 1) * 60_000;
    for (let k = 0; k < count; k++) {
      const lastFromMe = UNREAD === null ? i % 3 === 0 : i >= UNREAD && i % 3 === 0;
      const fromMe = k === count - 1 ? lastFromMe : (i + k) % 2 === 1;
      const text =
        i === 13 && k === count - 1
          ? '<img src=x onerror=window.__xss=2> domani'
          : fromMe
            ? OUT_TEXTS[(i + k) % OUT_TEXTS.length]
            : IN_TEXTS[(i + k) % IN_TEXTS.length];
      chat.messages.push({
        id: fromMe ? (k % 2 ? `3EB0${seededHex(28)}` : `A5${seededHex(30)}`) : `3A${seededHex(18)}`,
        fromMe,
        sender: fromMe ? OWN_NAME : isGroup ? chat.participants[k % 3] : chat.name,
        text,
        ts: lastTs - (count - 1 - k) * 120_000,
        status: fromMe ? 'read' : null,
        origin: 'history',
      });
    }
    chat.lastTs = lastTs;
    if (UNREAD === null ? i % 3 !== 0 && i % 4 === 1 : i < UNREAD) chat.unread = 1 + (i % 5);
    chats.push(chat);
    byJid.set(chat.jid, chat);
  }
  // The list order, most recent activity first.
  const order = chats.slice().sort((a, b) => b.lastTs - a.lastTs);
  const SELF = { self: true, jid: `${WID}@c.us`, name: `${OWN_NAME} (Tu)` };
  // While searching, the grid lists a section header and the matching chats instead (null: not searching).
  let results = null;
  let searchQuery = '';
  const SECTION = { header: true, jid: '__section-chats', name: 'Chat' };
  const itemCount = () => (results ? results.length : order.length + (SELF_ROW ? 1 : 0));
  const itemAt = (pos) => (results ? results[pos] : SELF_ROW ? (pos === 0 ? SELF : order[pos - 1]) : order[pos]);
  const positionOf = (chat) => order.indexOf(chat) + (SELF_ROW ? 1 : 0);

  let openJid = null;
  const sent = [];

  // ---------- DOM helpers ----------
  const SVGNS = 'http://www.w3.org/2000/svg';
  function h(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs ?? {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'style') e.style.cssText = v;
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const kid of kids.flat()) if (kid !== null && kid !== undefined && kid !== false) e.append(kid);
    return e;
  }
  const ICONS = {
    'wds-ic-read': ['0 0 16 11', 'stroke', 'M1 5.5l3 3L11 1.5M6 8.5l1 1L15 1.5'],
    'wds-ic-delivered': ['0 0 16 11', 'stroke', 'M1 5.5l3 3L11 1.5M6 8.5l1 1L15 1.5'],
    'wds-ic-send-filled': ['0 0 24 24', 'fill', 'M3 20.5l18.5-8.5L3 3.5v6.6l13 1.9-13 1.9z'],
    'mic-outlined': [
      '0 0 24 24',
      'fill',
      'M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.9V21h2v-3.1A7 7 0 0 0 19 11z',
    ],
    'tail-in': ['0 0 8 13', 'fill', 'M8 0H1.5C.5 0 .2 1.2.9 2.1L8 13z'],
    'tail-out': ['0 0 8 13', 'fill', 'M0 0h6.5c1 0 1.3 1.2.6 2.1L0 13z'],
    'default-user-refreshed': [
      '0 0 212 212',
      'fill',
      'M106 0a106 106 0 1 1 0 212A106 106 0 0 1 106 0zm0 45a38 38 0 1 0 0 76 38 38 0 0 0 0-76zm0 92c-35 0-64 17-70 45a106 106 0 0 0 140 0c-6-28-35-45-70-45z',
    ],
    'default-group-refreshed': [
      '0 0 212 212',
      'fill',
      'M106 0a106 106 0 1 1 0 212A106 106 0 0 1 106 0zM76 60a26 26 0 1 0 0 52 26 26 0 0 0 0-52zm60 0a26 26 0 1 0 0 52 26 26 0 0 0 0-52zM76 124c-25 0-45 12-49 32a106 106 0 0 0 158 0c-4-20-24-32-49-32-12 0-22 3-30 8-8-5-18-8-30-8z',
    ],
    'ic-notifications-off': [
      '0 0 20 20',
      'fill',
      'M3 2l15 15-1 1-3.2-3.2H3.5l1.8-2V8.3c0-.9.2-1.7.5-2.4L2 3zM10 3a4.7 4.7 0 0 1 4.7 4.7v4.1L7 4c.8-.6 1.9-1 3-1zm-1.8 13h3.6a1.8 1.8 0 0 1-3.6 0z',
    ],
    'wds-ic-search': ['0 0 24 24', 'fill', 'M10 3a7 7 0 0 1 5.6 11.2l5 5-1.4 1.4-5-5A7 7 0 1 1 10 3zm0 2a5 5 0 1 0 0 10 5 5 0 0 0 0-10z'],
    'wds-ic-more': ['0 0 24 24', 'fill', 'M12 7a2 2 0 1 0 0-4 2 2 0 0 0 0 4zm0 7a2 2 0 1 0 0-4 2 2 0 0 0 0 4zm0 7a2 2 0 1 0 0-4 2 2 0 0 0 0 4z'],
    'wds-ic-plus-rounded': ['0 0 24 24', 'fill', 'M11 5h2v6h6v2h-6v6h-2v-6H5v-2h6z'],
    'wds-ic-emoji': [
      '0 0 24 24',
      'fill',
      'M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20zm0 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16zm-3 5a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3zm6 0a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3zm-7 5h8a4 4 0 0 1-8 0z',
    ],
    'wds-ic-new-chat': ['0 0 24 24', 'fill', 'M4 4h12v2H6v12h12V8h2v12H4zM19 2l3 3-8 8h-3v-3z'],
    'wds-ic-chats': ['0 0 24 24', 'fill', 'M12 3a9 9 0 0 1 0 18c-1.6 0-3.1-.4-4.4-1.1L3 21l1.1-4.6A9 9 0 0 1 12 3z'],
    'wds-ic-status': ['0 0 24 24', 'fill', 'M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20zm0 4a6 6 0 1 0 0 12 6 6 0 0 0 0-12z'],
    'wds-ic-gif': ['0 0 24 24', 'fill', 'M3 5h18v14H3zm2 2v10h14V7zm2 2h4v2H9v2h2v-1h2v3H7zm8 0h2v6h-2z'],
    'wds-ic-sticker': ['0 0 24 24', 'fill', 'M5 3h14v9l-7 9H5zm2 2v14h4v-7h6V5z'],
    'wds-ic-delete': ['0 0 24 24', 'fill', 'M6 7h12l-1 14H7zm3-4h6l1 2h4v2H4V5h4z'],
    'wds-ic-close': ['0 0 24 24', 'fill', 'M6.4 5L12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4z'],
    'wds-ic-document': ['0 0 24 24', 'fill', 'M6 2h8l6 6v14H6zm7 1.5V9h5.5z'],
    'wds-ic-rocket': ['0 0 24 24', 'fill', 'M12 2c4 2 6 6 6 11l-3 3H9l-3-3c0-5 2-9 6-11zm0 6a2 2 0 1 0 0 4 2 2 0 0 0 0-4zM8 18h8l-4 4z'],
    'wds-ic-settings': [
      '0 0 24 24',
      'fill',
      'M12 8a4 4 0 1 1 0 8 4 4 0 0 1 0-8zm-1-6h2l.5 3 2 1 2.5-1.7 1.4 1.4L17.7 8l1 2 3 .5v2l-3 .5-1 2 1.7 2.5-1.4 1.4-2.5-1.7-2 1-.5 3h-2l-.5-3-2-1-2.5 1.7-1.4-1.4L6.3 16l-1-2-3-.5v-2l3-.5 1-2-1.7-2.5 1.4-1.4L8.5 6l2-1z',
    ],
  };
  function icon(name, titled = true) {
    const [viewBox, mode, d] = ICONS[name];
    const svg = document.createElementNS(SVGNS, 'svg');
    svg.setAttribute('viewBox', viewBox);
    const path = document.createElementNS(SVGNS, 'path');
    path.setAttribute('d', d);
    if (mode === 'stroke') path.setAttribute('style', 'fill:none;stroke:currentColor;stroke-width:1.6');
    else path.setAttribute('fill', 'currentColor');
    if (titled) {
      const title = document.createElementNS(SVGNS, 'title');
      title.textContent = name;
      svg.append(title);
    }
    svg.append(path);
    return svg;
  }
  // A send-path icon in this generation's markup: 2024 names it in data-icon, 2026 only in the svg's title.
  const genIcon = (name2024, name2026) => (GEN === 2024 ? h('span', { 'data-icon': name2024 }, icon(name2026, false)) : iconSpan(name2026));
  // Click handlers by element, run by one delegated listener at the root (as React's are), never on the node itself.
  const clickActions = new WeakMap();
  const onClick = (element, action) => (clickActions.set(element, action), element);
  const iconSpan = (name, attrs) => h('span', { 'aria-hidden': 'true', ...attrs }, icon(name));
  // replaceChildren() would write a null as the text "null".
  const present = (...nodes) => nodes.filter((n) => n !== null && n !== undefined && n !== false);
  const setAttr = (e, k, v) => e.getAttribute(k) !== v && e.setAttribute(k, v);
  const setText = (e, v) => e.textContent !== v && (e.textContent = v);

  // ---------- time labels (it-IT) ----------
  const WEEKDAYS = ['domenica', 'lunedì', 'martedì', 'mercoledì', 'giovedì', 'venerdì', 'sabato'];
  const hhmm = (d) => `${pad(d.getHours(), 2)}:${pad(d.getMinutes(), 2)}`;
  const dayStart = (ts) => new Date(ts).setHours(0, 0, 0, 0);
  function rowTime(ts) {
    const d = new Date(ts);
    const days = Math.round((dayStart(Date.now()) - dayStart(ts)) / 86_400_000);
    if (days === 0) return hhmm(d);
    if (days === 1) return 'ieri';
    if (days < 7) return WEEKDAYS[d.getDay()];
    return `${pad(d.getDate(), 2)}/${pad(d.getMonth() + 1, 2)}/${d.getFullYear()}`;
  }
  function daySeparator(ts) {
    const days = Math.round((dayStart(Date.now()) - dayStart(ts)) / 86_400_000);
    if (days === 0) return 'OGGI';
    if (days === 1) return 'IERI';
    return rowTime(ts).toUpperCase();
  }
  const prePlain = (m) => {
    const d = new Date(m.ts);
    return `[${hhmm(d)}, ${d.getDate()}/${d.getMonth() + 1}/${d.getFullYear()}] ${m.sender}: `;
  };

  // ---------- skeleton ----------
  let app, pane, grid, mainSlot, intro, searchBox;
  function buildSkeleton() {
    app = document.getElementById('app');
    grid = h('div', {
      role: 'grid',
      'aria-label': 'Lista delle chat',
      'aria-rowcount': itemCount(),
      class: 'x1y332i5 x1n2onr6 x6ikm8r x10wlt62',
      style: `height: ${itemCount() * ROW_H}px;`,
    });
    pane = h(
      'div',
      { id: 'pane-side', class: 'x1n2onr6 x1vjfegm x1cqoux5 x14yy4lh' },
      h('div', { tabindex: '0', 'data-tab': '4', 'data-testid': 'chat-list' }, grid),
    );
    const navButton = (label, name, selected) =>
      h('button', { 'aria-label': label, 'aria-pressed': selected ? 'true' : 'false', class: 'nav-btn' }, iconSpan(name));
    const side = h(
      'div',
      { id: 'side', class: 'x1n2onr6 x78zum5 xdt5ytf' },
      h(
        'header',
        { class: 'x1n2onr6 x1c4vz4f side-header' },
        h('h1', { class: 'x1qlqyl8 x1pd3egz' }, 'Chat'),
        h('div', { role: 'button', 'aria-label': 'Nuova chat', tabindex: '0', class: 'hdr-btn' }, iconSpan('wds-ic-new-chat')),
      ),
      h(
        'div',
        { class: 'x1n2onr6 side-search' },
        (searchBox = h('input', {
          type: 'text',
          role: 'textbox',
          'data-tab': '3',
          'aria-label': 'Cerca o avvia una nuova chat',
          placeholder: 'Cerca o avvia una nuova chat',
          class: 'x1n2onr6 x1iyjqo2',
        })),
      ),
      h(
        'div',
        { role: 'tablist', class: 'x78zum5 side-pills' },
        h('button', { role: 'tab', 'aria-selected': 'true', class: 'x1n2onr6' }, 'Tutte'),
        h('button', { role: 'tab', 'aria-selected': 'false', class: 'x1n2onr6' }, 'Da leggere'),
        h('button', { role: 'tab', 'aria-selected': 'false', class: 'x1n2onr6' }, 'Preferiti'),
        h('button', { role: 'tab', 'aria-selected': 'false', class: 'x1n2onr6' }, 'Gruppi'),
      ),
      pane,
    );
    intro = h(
      'div',
      { class: 'intro', 'data-testid': 'intro-panel' },
      h('h2', null, 'WhatsApp Web'),
      h('p', null, 'Invia e ricevi messaggi senza tenere il telefono connesso.'),
    );
    mainSlot = h('div', { class: 'x1n2onr6 main-column' }, intro);
    app.replaceChildren(
      h(
        'div',
        { class: 'x78zum5 xdt5ytf x5yr21d app-wrapper' },
        h(
          'div',
          { class: 'two x1n2onr6 x78zum5 x5yr21d' },
          h(
            'header',
            { class: 'nav-rail', role: 'navigation' },
            navButton('Chat', 'wds-ic-chats', true),
            navButton('Stato', 'wds-ic-status'),
            navButton('Impostazioni', 'wds-ic-settings'),
          ),
          h('div', { class: 'side-column' }, side),
          mainSlot,
        ),
      ),
    );

    // A chat opens on mousedown on its cell frame, as WhatsApp's mouseDownAsClick does; click alone does nothing.
    grid.addEventListener('mousedown', (e) => {
      if (e.button !== 0) return;
      const frame = e.target.closest?.('[data-testid="cell-frame-container"]');
      const row = frame?.closest('[role="row"]');
      const st = row && rowState.get(row);
      if (st?.jid && byJid.has(st.jid)) openChat(byJid.get(st.jid));
    });
    // WhatsApp searches a moment after the last keystroke.
    let searchTimer = null;
    searchBox.addEventListener('input', () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(() => runSearch(searchBox.value), 150);
    });
    pane.addEventListener('scroll', renderList, { passive: true });
    window.addEventListener('resize', renderList);
    // Send-button clicks are handled by delegation at the root, like React's listeners.
    app.addEventListener('click', (e) => {
      for (let node = e.target; node && node !== app; node = node.parentNode) {
        const action = clickActions.get(node);
        if (action) return void action(e);
      }
    });
  }

  // ---------- chat list (virtualised) ----------
  const rows = new Map(); // keyed mode: jid -> node; recycle mode: list position -> node
  const rowState = new WeakMap(); // node -> { kind, refs, jid, sig, ... }: kept off the DOM so the adapter cannot lean on it

  function buildChatInner() {
    const sel = h('div', { tabindex: '-1', 'aria-selected': 'false' });
    const avatar = h('div', { class: '_ak8h' });
    const title = h('span', { dir: 'auto', class: 'x1iyjqo2 x6ikm8r x10wlt62 x1n2onr6 _ao3e', style: 'min-height: 0px;' });
    const titleBox = h('div', { class: '_ak8q', 'data-testid': 'cell-frame-title' }, h('div', { class: 'x78zum5' }, title));
    const time = h('span', { class: 'x1jchvi3 x1fcty0u' });
    const timeBox = h('div', { class: '_ak8i', 'data-testid': 'cell-frame-primary-detail' }, time);
    const preview = h('span', { class: 'x78zum5 x1cy8zhl', 'data-testid': 'last-msg-status' });
    const badges = h('div', { role: 'gridcell', 'aria-colindex': '1', class: '_ak8i' });
    const frame = h(
      'div',
      { class: '_ak72 _ak73', 'data-testid': 'cell-frame-container' },
      avatar,
      h(
        'div',
        { class: '_ak8l' },
        h('div', { role: 'gridcell', 'aria-colindex': '2', class: '_ak8o' }, titleBox, timeBox),
        h('div', { class: '_ak8j', 'data-testid': 'cell-frame-secondary' }, h('div', { class: '_ak8k' }, preview), badges),
      ),
    );
    sel.append(frame);
    return { root: h('div', { tabindex: '0' }, sel), refs: { sel, avatar, title, titleBox, time, timeBox, preview, badges, frame } };
  }

  function buildSelfInner() {
    return h(
      'div',
      { tabindex: '0' },
      h(
        'div',
        { tabindex: '-1', 'aria-selected': 'false', 'data-testid': 'message-yourself-row' },
        h(
          'div',
          { class: '_ak72 x1n2onr6' },
          h('div', { class: '_ak8h' }, iconSpan('default-user-refreshed')),
          h(
            'div',
            { class: '_ak8l' },
            h(
              'div',
              { role: 'gridcell', 'aria-colindex': '2', class: '_ak8o' },
              h('div', { class: '_ak8q' }, h('span', { dir: 'auto', class: 'x1iyjqo2 x6ikm8r' }, SELF.name)),
            ),
            h('div', { class: '_ak8j' }, h('div', { class: '_ak8k' }, h('span', { class: 'x1iyjqo2' }, 'Invia un messaggio a te stesso'))),
          ),
        ),
      ),
    );
  }

  function unreadBadge(n) {
    return h(
      'span',
      { class: 'x140p0ai x1gqmxyv', 'aria-label': n === 1 ? '1 messaggio non letto' : `${n} messaggi non letti`, 'data-testid': 'icon-unread-count' },
      h('span', { class: 'x1rg5ohu xyp3urf' }, String(n)),
    );
  }

  // Updates a row in place, attribute by attribute, the way a React re-render would.
  function patchRow(node, item, selected) {
    let st = rowState.get(node);
    const kind = item.header ? 'header' : item.self ? 'self' : 'chat';
    if (!st || st.kind !== kind) {
      if (kind === 'header') {
        node.replaceChildren(h('div', { class: 'x1n2onr6 section-header' }, h('div', { class: 'x1iyjqo2' }, item.name)));
        st = { kind, refs: null, jid: null, sig: '' };
      } else if (kind === 'self') {
        node.replaceChildren(buildSelfInner());
        st = { kind, refs: null, jid: null, sig: '' };
      } else {
        const built = buildChatInner();
        node.replaceChildren(built.root);
        st = { kind, refs: built.refs, jid: null, sig: '' };
      }
      rowState.set(node, st);
    }
    if (kind !== 'chat') return;
    const chat = item;
    const sig = `${chat.jid}|${chat.version}|${selected}`;
    st.jid = chat.jid;
    if (st.sig === sig) return;
    st.sig = sig;
    const r = st.refs;
    const last = chat.messages[chat.messages.length - 1];
    setAttr(r.sel, 'aria-selected', String(selected));
    r.frame.classList.toggle('_ak7n', chat.unread > 0);
    r.timeBox.classList.toggle('_ak8m', chat.unread > 0);
    const avatarKind = chat.isGroup ? 'default-group-refreshed' : 'default-user-refreshed';
    if (st.avatarKind !== avatarKind) {
      st.avatarKind = avatarKind;
      r.avatar.replaceChildren(iconSpan(avatarKind));
    }
    setAttr(r.title, 'title', chat.name);
    setText(r.title, chat.name);
    setText(r.time, last ? rowTime(last.ts) : '');
    const author = last && !last.fromMe && chat.isGroup ? last.sender : null;
    const previewTitle = last ? (author ? `${author}: ${last.text}` : last.text) : '';
    const previewSig = `${previewTitle}|${last?.fromMe ? last.status : ''}`;
    if (st.previewSig !== previewSig) {
      st.previewSig = previewSig;
      r.preview.setAttribute('title', previewTitle);
      r.preview.replaceChildren(
        ...present(
          last?.fromMe
            ? h(
                'div',
                { class: 'x1rg5ohu tick' },
                iconSpan(last.status === 'read' ? 'wds-ic-read' : 'wds-ic-delivered', { class: last.status === 'read' ? 'read' : '' }),
              )
            : null,
          author ? h('div', { class: 'x1rg5ohu' }, h('span', { dir: 'auto', class: 'x1iyjqo2' }, author)) : null,
          author ? h('span', { class: 'x1rg5ohu' }, ':\u00a0') : null,
          h('span', { dir: 'ltr', class: 'x1iyjqo2 _ao3e' }, last?.text ?? ''),
        ),
      );
    }
    // Some rows carry the badge inside the title container (a 2026-09 trap: the title's textContent then has the count).
    const badgeSig = `${chat.muted}|${chat.unread}|${chat.badgeInTitle}`;
    if (st.badgeSig !== badgeSig) {
      st.badgeSig = badgeSig;
      r.titleBox.querySelector('[data-testid="icon-unread-count"]')?.remove();
      r.badges.replaceChildren(
        ...present(
          chat.muted ? h('span', { 'aria-label': 'Chat silenziata', 'data-testid': 'mute-notifications-refreshed' }, icon('ic-notifications-off')) : null,
          chat.unread > 0 && !chat.badgeInTitle ? unreadBadge(chat.unread) : null,
        ),
      );
      if (chat.unread > 0 && chat.badgeInTitle) r.titleBox.append(unreadBadge(chat.unread));
    }
  }

  function newRowNode() {
    return h('div', { class: 'x10l6tqk xh8yej3 x1g42fcv', role: 'row' });
  }

  const bare = (s) => s.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').toLowerCase();
  function runSearch(text) {
    searchQuery = text.trim();
    const needle = bare(searchQuery);
    const digits = searchQuery.replace(/\D/g, '');
    results = needle
      ? [SECTION, ...order.filter((c) => bare(c.name).includes(needle) || (!c.isGroup && digits.length >= 5 && c.jid.split('@')[0].includes(digits)))]
      : null;
    setAttr(grid, 'aria-label', results ? 'Risultati della ricerca' : 'Lista delle chat');
    pane.scrollTop = 0;
    renderList();
  }

  // Renders the visible range ± 30 rows (a window of constant size, as WhatsApp's FlatList keeps it).
  function renderList() {
    if (!grid) return;
    const total = itemCount();
    setAttr(grid, 'aria-rowcount', String(total));
    grid.style.height = `${total * ROW_H}px`;
    const visible = Math.ceil((pane.clientHeight || 600) / ROW_H) + 1;
    const size = Math.min(total, visible + 2 * OVERSCAN);
    const first = Math.floor(pane.scrollTop / ROW_H);
    const start = Math.max(0, Math.min(first - OVERSCAN, total - size));
    const wanted = [];
    for (let pos = start; pos < start + size; pos++) wanted.push({ pos, item: itemAt(pos), key: RECYCLE ? pos : itemAt(pos).jid });
    const keys = new Set(wanted.map((w) => w.key));
    const free = [];
    for (const [key, node] of rows) {
      if (keys.has(key)) continue;
      rows.delete(key);
      if (RECYCLE) free.push(node);
      else node.remove();
    }
    const nodes = wanted.map(({ pos, item, key }, slice) => {
      let node = rows.get(key);
      if (!node) {
        node = free.pop() ?? newRowNode();
        rows.set(key, node);
      }
      setAttr(node, 'data-testid', `list-item-${slice}`);
      node.style.cssText = `z-index: ${size - slice - 1}; transition: none; height: ${ROW_H}px; transform: translateY(${pos * ROW_H}px);`;
      patchRow(node, item, !item.self && item.jid === openJid);
      return node;
    });
    for (const node of free) node.remove();
    // Keeps DOM order equal to list order, moving existing nodes (as React's keyed reconciliation does).
    let cursor = grid.firstChild;
    for (const node of nodes) {
      if (node === cursor) cursor = cursor.nextSibling;
      else grid.insertBefore(node, cursor);
    }
  }

  // ---------- conversation (#main) ----------
  let main = null;
  let composer = null;
  let messageList = null;
  let scroller = null;

  function messageRow(chat, m, prev) {
    const firstOfBlock = !prev || prev.fromMe !== m.fromMe || prev.sender !== m.sender || dayStart(prev.ts) !== dayStart(m.ts);
    const showSender = chat.isGroup && !m.fromMe && firstOfBlock;
    const status = m.fromMe ? (m.status === 'read' ? [' Letto ', 'wds-ic-read'] : [' Consegnato ', 'wds-ic-delivered']) : null;
    return h(
      'div',
      { role: 'row' },
      h(
        'div',
        { tabindex: '-1', class: 'x1n2onr6 x1ja2u2z', 'data-id': JIDS ? `${m.fromMe}_${chat.jid}_${m.id}` : m.id, 'data-testid': `conv-msg-${m.id}` },
        h(
          'div',
          { 'data-virtualized': 'false' },
          h(
            'div',
            { class: `x9f619 x1n2onr6 ${m.fromMe ? 'xo1l8bm' : 'x9q3tjv'}${firstOfBlock ? ' x1tail' : ''}`, 'data-testid': 'msg-container' },
            firstOfBlock ? iconSpan(m.fromMe ? 'tail-out' : 'tail-in', { 'data-icon': m.fromMe ? 'tail-out' : 'tail-in', class: 'x1n2onr6 tail' }) : null,
            h(
              'div',
              { class: 'x1n2onr6 bubble' },
              showSender ? h('div', { class: 'x78zum5 sender' }, h('span', { dir: 'auto', class: 'x1iyjqo2' }, m.sender)) : null,
              h(
                'div',
                { class: 'copyable-text', 'data-pre-plain-text': prePlain(m) },
                h('div', { class: 'x1n2onr6' }, h('span', { dir: 'ltr', class: 'x1iyjqo2 selectable-text copyable-text' }, h('span', null, m.text))),
              ),
              h(
                'div',
                { class: 'x1n2onr6 meta' },
                h('span', { class: 'x1rg5ohu', dir: 'auto' }, hhmm(new Date(m.ts))),
                status ? h('span', { 'aria-label': status[0], class: `x1rg5ohu tick${m.status === 'read' ? ' read' : ''}` }, icon(status[1])) : null,
              ),
            ),
          ),
        ),
      ),
    );
  }

  function appendMessageRow(chat, m, prev) {
    if (!prev || dayStart(prev.ts) !== dayStart(m.ts)) {
      messageList.append(
        h('div', { role: 'row' }, h('div', { class: 'x1n2onr6 day', tabindex: '-1' }, h('span', { dir: 'auto', class: '_ao3e' }, daySeparator(m.ts)))),
      );
    }
    messageList.append(messageRow(chat, m, prev));
  }

  let footerArea = null;
  function buildMain(chat) {
    const subtitle = chat.isGroup ? `${chat.participants.join(', ')}, Tu` : 'clicca qui per info contatto';
    messageList = h('div', { role: 'application', 'data-tab': '8', class: 'x1n2onr6' });
    scroller = h(
      'div',
      { tabindex: '0', 'data-scrolltracepolicy': 'wa.web.conversation.messages', 'data-testid': 'conversation-panel-messages', class: 'x3psx0u messages' },
      messageList,
    );
    chat.messages.forEach((m, i) => appendMessageRow(chat, m, chat.messages[i - 1]));
    composer = createComposer(chat);
    return h(
      'div',
      { id: 'main', class: 'x1n2onr6 x78zum5 xdt5ytf' },
      h(
        'header',
        { class: 'x1n2onr6 x1c4vz4f', 'data-testid': 'conversation-header' },
        h('div', { role: 'button', tabindex: '0', class: 'x1n2onr6 avatar' }, iconSpan(chat.isGroup ? 'default-group-refreshed' : 'default-user-refreshed')),
        h(
          'div',
          { role: 'button', tabindex: '0', class: 'x1iyjqo2 header-info' },
          h(
            'div',
            { class: 'x78zum5' },
            h('span', { dir: 'auto', 'data-testid': 'conversation-info-header-chat-title', class: 'x1iyjqo2 x6ikm8r x10wlt62 _ao3e title' }, chat.name),
          ),
          h('div', { class: 'x78zum5' }, h('span', { class: 'x1iyjqo2 x6ikm8r subtitle', title: subtitle }, subtitle)),
        ),
        h(
          'div',
          { class: 'x78zum5 actions' },
          h('button', { 'aria-label': 'Cerca', class: 'x1n2onr6' }, iconSpan('wds-ic-search')),
          h('button', { 'aria-label': 'Altre opzioni', class: 'x1n2onr6' }, iconSpan('wds-ic-more')),
        ),
      ),
      h('div', { class: 'x1n2onr6 x1iyjqo2 conversation' }, h('div', { class: 'copyable-area' }, scroller)),
      h('footer', { class: 'x1n2onr6' }, (footerArea = h('div', { class: 'copyable-area' }, composer.root))),
    );
  }

  function openChat(chat) {
    if (!chat) throw new Error('no such chat');
    if (openJid === chat.jid && main?.isConnected) return;
    openJid = chat.jid;
    if (chat.unread) {
      chat.unread = 0;
      chat.version++;
    }
    closeOverlays();
    // A fresh #main on every switch: extensions must re-attach rather than keep the old node.
    const next = buildMain(chat);
    // A file dropped on the conversation opens the media editor.
    next.addEventListener('dragover', (e) => e.preventDefault());
    next.addEventListener('drop', (e) => {
      const files = Array.from(e.dataTransfer?.files ?? [], (f) => f.name);
      if (!files.length) return;
      e.preventDefault();
      openMediaEditor(chat, files);
    });
    (main?.isConnected ? main : intro).replaceWith(next);
    main = next;
    scroller.scrollTop = scroller.scrollHeight;
    // Focus after the opening mousedown's default action, which would otherwise move focus to the row.
    const opened = composer;
    setTimeout(() => composer === opened && opened.focus(), 0);
    renderList();
  }

  function closeChat() {
    if (!main?.isConnected) return;
    closeOverlays();
    main.replaceWith(intro);
    main = null;
    composer = null;
    openJid = null;
    renderList();
  }

  // ---------- composer (a Lexical-like editor) ----------
  function createComposer(chat) {
    let text = '';
    const editor = h('div', {
      contenteditable: 'true',
      role: 'textbox',
      spellcheck: 'true',
      'aria-label': `Scrivi un messaggio per ${chat.name}`,
      'aria-placeholder': 'Scrivi un messaggio',
      'data-tab': '10',
      'data-lexical-editor': 'true',
      tabindex: '10',
      class: 'x1hx0egp x6ikm8r editor',
      style: 'user-select: text; white-space: pre-wrap; word-break: break-word;',
    });
    const placeholder = h('div', { class: 'placeholder', 'aria-hidden': 'true' }, 'Scrivi un messaggio');
    const slot = h('div', { class: 'send-slot' });
    let sendButton = null;
    const micButton = () =>
      onClick(
        GEN === 2024
          ? h('button', { 'aria-label': 'Messaggio vocale', class: 'x1n2onr6 x1c4vz4f' }, genIcon('ptt', 'mic-outlined'))
          : h(
              'button',
              { 'aria-label': 'Messaggio vocale', class: 'x1n2onr6 x1c4vz4f', 'data-testid': 'ptt' },
              iconSpan('mic-outlined', { 'data-icon': 'mic-outlined' }),
            ),
        () => startRecording(chat),
      );
    const root = h(
      'div',
      { 'data-testid': 'compose-box', class: 'x1n2onr6 compose' },
      h(
        'div',
        { class: 'x78zum5 compose-tools' },
        onClick(h('button', { 'aria-label': 'Allega', class: 'x1n2onr6' }, genIcon('plus', 'wds-ic-plus-rounded')), () => toggleAttachMenu(chat)),
        onClick(h('button', { 'aria-label': 'Emoji, GIF, adesivi', class: 'x1n2onr6' }, genIcon('smiley', 'wds-ic-emoji')), () => toggleExpressions(chat)),
      ),
      h('div', { class: 'x1n2onr6 lexical-rich-text-input' }, editor, placeholder),
      slot,
    );

    const paraText = (node) => (node.nodeType === Node.TEXT_NODE ? node.data : node.textContent).replace(/\u00a0/g, ' ');
    const readDom = () => Array.from(editor.childNodes, paraText).join('\n');
    const isCanonical = () => {
      const lines = text.split('\n');
      if (editor.childNodes.length !== lines.length) return false;
      return lines.every((line, i) => {
        const p = editor.childNodes[i];
        if (p.nodeName !== 'P' || p.childNodes.length !== 1) return false;
        const c = p.firstChild;
        return line === ''
          ? c.nodeName === 'BR'
          : c.nodeName === 'SPAN' &&
              c.hasAttribute('data-lexical-text') &&
              c.childNodes.length === 1 &&
              c.firstChild.nodeType === Node.TEXT_NODE &&
              c.firstChild.data === line;
      });
    };
    const render = () => {
      editor.replaceChildren(
        ...text
          .split('\n')
          .map((line) =>
            h(
              'p',
              { class: 'selectable-text copyable-text x15bjb6t' },
              line === '' ? h('br') : h('span', { class: 'selectable-text copyable-text', 'data-lexical-text': 'true' }, line),
            ),
          ),
      );
    };
    // The caret as an offset into `text` (paragraphs joined by \n).
    const offsetOf = (node, offset) => {
      let base = 0;
      for (let i = 0; i < editor.childNodes.length; i++) {
        const p = editor.childNodes[i];
        if (node === editor && offset === i) return base;
        if (p === node || p.contains(node)) {
          const range = document.createRange();
          range.setStart(p, 0);
          range.setEnd(node, offset);
          return base + range.toString().length;
        }
        base += paraText(p).length + 1;
      }
      return text.length;
    };
    const selection = () => {
      const sel = getSelection();
      if (!sel?.rangeCount || !editor.contains(sel.anchorNode)) return [text.length, text.length];
      const a = offsetOf(sel.anchorNode, sel.anchorOffset);
      const b = offsetOf(sel.focusNode, sel.focusOffset);
      return [Math.min(a, b), Math.max(a, b)];
    };
    const setCaret = (offset) => {
      const lines = text.split('\n');
      let i = 0;
      while (i < lines.length - 1 && offset > lines[i].length) offset -= lines[i++].length + 1;
      const p = editor.childNodes[i];
      const range = document.createRange();
      const span = p?.firstChild;
      if (span?.nodeName === 'SPAN') range.setStart(span.firstChild, Math.min(offset, lines[i].length));
      else range.setStart(p ?? editor, 0);
      range.collapse(true);
      const sel = getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
    };
    const refresh = () => {
      placeholder.hidden = text !== '';
      // The send button exists only while there is text, and is a new node each time text appears.
      const hasText = text.trim() !== '';
      if (hasText && !sendButton) {
        sendButton = onClick(
          GEN === 2024
            ? h('button', { 'aria-label': 'Invia', class: 'x1n2onr6 x1c4vz4f send' }, genIcon('send', 'wds-ic-send-filled'))
            : h(
                'button',
                { 'data-testid': 'send', 'aria-label': 'Invia', class: 'x1n2onr6 x1c4vz4f send' },
                iconSpan('wds-ic-send-filled', { 'data-icon': 'wds-ic-send-filled' }),
              ),
          () => send(),
        );
        slot.replaceChildren(sendButton);
      } else if (!hasText && (sendButton || !slot.firstChild)) {
        sendButton = null;
        slot.replaceChildren(micButton());
      }
    };
    const replace = (start, end, insert) => {
      text = text.slice(0, start) + insert + text.slice(end);
      render();
      setCaret(start + insert.length);
      refresh();
    };

    // Line breaks are applied to the model (as Lexical does); other edits happen natively and are read back on input.
    editor.addEventListener('beforeinput', (e) => {
      if (e.inputType !== 'insertLineBreak' && e.inputType !== 'insertParagraph') return;
      e.preventDefault();
      const [s, en] = selection();
      replace(s, en, '\n');
      editor.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: e.inputType }));
    });
    editor.addEventListener('input', () => {
      const next = readDom();
      if (next === text && isCanonical()) return refresh();
      const [, caret] = selection();
      text = next;
      if (!isCanonical()) {
        render();
        setCaret(caret);
      }
      refresh();
    });
    // Enter sends (bubble phase on the editor; defaultPrevented is ignored, so a guard must stop propagation).
    editor.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' || e.shiftKey || e.isComposing) return;
      e.preventDefault();
      send();
    });

    function send() {
      const body = text.trim();
      if (!body) return;
      sendFrom('composer', chat, body);
      text = '';
      render();
      refresh();
      if (document.activeElement === editor) setCaret(0);
    }

    // A file pasted into the composer opens the media editor, as WhatsApp does.
    editor.addEventListener('paste', (e) => {
      const files = Array.from(e.clipboardData?.files ?? [], (f) => f.name);
      if (!files.length) return;
      e.preventDefault();
      openMediaEditor(chat, files);
    });

    render();
    refresh();
    return {
      root,
      editor,
      send,
      insert(more) {
        text += more;
        render();
        refresh();
      },
      focus() {
        editor.focus();
        setCaret(text.length);
      },
      text: () => text,
    };
  }

  // ---------- the other send paths (whatsapp-web-dom.md section 5b) ----------
  let overlay = null; // the media editor or the forward dialog: [role="dialog"] beside #main, outside its footer
  let attachMenu = null;
  let expressions = null;
  let recording = null;

  /** Every send of this page, whichever path it took, lands in one record. */
  function sendFrom(path, chat, text) {
    const m = addMessage(chat, { fromMe: true, text, origin: path, id: `3EB0${freshHex(28)}` });
    sent.push({ jid: chat.jid, text, id: m.id, at: m.ts, path });
    return m;
  }

  function closeOverlays() {
    overlay?.remove();
    overlay = null;
    attachMenu?.remove();
    attachMenu = null;
    expressions?.remove();
    expressions = null;
    if (recording) stopRecording();
  }

  const sendButtonNode = (label) =>
    GEN === 2024
      ? h('div', { role: 'button', 'aria-label': label, tabindex: '0', class: 'x1n2onr6 dialog-send' }, genIcon('send', 'wds-ic-send-filled'))
      : h('div', { role: 'button', 'aria-label': label, tabindex: '0', 'data-testid': 'send', class: 'x1n2onr6 dialog-send' }, iconSpan('wds-ic-send-filled'));
  const closeButton = () =>
    onClick(h('div', { role: 'button', 'aria-label': 'Chiudi', tabindex: '0', class: 'x1n2onr6' }, genIcon('x', 'wds-ic-close')), closeOverlays);

  function toggleAttachMenu(chat) {
    if (attachMenu) return void (attachMenu.remove(), (attachMenu = null));
    const item = (label, iconName, file) =>
      onClick(
        h(
          'li',
          { role: 'menuitem', tabindex: '0', class: 'x1n2onr6' },
          genIcon(iconName === 'wds-ic-document' ? 'document' : 'image', iconName),
          h('span', { dir: 'auto' }, label),
        ),
        () => {
          attachMenu.remove();
          attachMenu = null;
          openMediaEditor(chat, [file]);
        },
      );
    attachMenu = h(
      'ul',
      { role: 'menu', class: 'x1n2onr6 attach-menu' },
      item('Documento', 'wds-ic-document', 'catalogo-2026.pdf'),
      item('Foto e video', 'wds-ic-gif', 'vetrina.jpg'),
    );
    footerArea.prepend(attachMenu);
  }

  function openMediaEditor(chat, files) {
    closeOverlays();
    let caption = '';
    const editor =
      GEN === 2024
        ? h('div', {
            contenteditable: 'true',
            spellcheck: 'true',
            title: 'Aggiungi una didascalia',
            'data-tab': '10',
            tabindex: '10',
            class: 'x1hx0egp caption',
          })
        : h('div', {
            contenteditable: 'true',
            role: 'textbox',
            'aria-placeholder': 'Aggiungi una didascalia',
            'data-lexical-editor': 'true',
            tabindex: '0',
            class: 'x1hx0egp caption',
          });
    editor.addEventListener('input', () => (caption = editor.textContent ?? ''));
    const send = () => {
      files.forEach((name, i) => sendFrom('media', chat, i === 0 && caption.trim() ? `${name}: ${caption.trim()}` : name));
      closeOverlays();
    };
    // Enter in the caption sends, like the composer (bubble phase; a guard must stop it earlier).
    editor.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' || e.shiftKey || e.isComposing) return;
      e.preventDefault();
      send();
    });
    overlay = h(
      'div',
      { role: 'dialog', 'aria-modal': 'true', tabindex: '-1', class: 'x1n2onr6 media-editor', 'data-testid': GEN === 2024 ? null : 'media-editor' },
      h('div', { class: 'x78zum5 media-top' }, closeButton(), h('span', { dir: 'auto', class: '_ao3e' }, files.join(', '))),
      h('div', { class: 'lexical-rich-text-input media-caption' }, editor),
      h(
        'div',
        { class: 'x78zum5 media-bottom' },
        ...files.map((name) => h('div', { role: 'button', 'aria-label': name, tabindex: '0', class: 'thumb' }, genIcon('document', 'wds-ic-document'))),
        onClick(sendButtonNode('Invia'), send),
      ),
    );
    mainSlot.append(overlay);
    editor.focus();
  }

  function startRecording(chat) {
    closeOverlays();
    const started = Date.now();
    const timer = h('span', { role: GEN === 2024 ? null : 'timer', 'aria-live': GEN === 2024 ? 'polite' : null, class: 'x1rg5ohu rec-time' }, '0:00');
    const tick = setInterval(() => (timer.textContent = `0:${pad(Math.floor((Date.now() - started) / 1000) % 60, 2)}`), 500);
    const send = onClick(
      GEN === 2024
        ? h('button', { 'aria-label': 'Invia', class: 'x1n2onr6 send' }, genIcon('send', 'wds-ic-send-filled'))
        : h('button', { 'aria-label': 'Invia', 'data-testid': 'send', class: 'x1n2onr6 send' }, iconSpan('wds-ic-send-filled')),
      () => {
        stopRecording();
        sendFrom('voice', chat, `🎤 ${timer.textContent}`);
      },
    );
    const bar = h(
      'div',
      { class: 'x78zum5 recording' },
      onClick(h('button', { 'aria-label': 'Elimina', class: 'x1n2onr6' }, genIcon('delete', 'wds-ic-delete')), stopRecording),
      timer,
      send,
    );
    recording = { bar, tick };
    footerArea.replaceChildren(bar);
  }

  function stopRecording() {
    clearInterval(recording.tick);
    recording = null;
    if (composer) footerArea?.replaceChildren(composer.root);
  }

  const EMOJI = ['😀', '👍', '🙏'];
  function toggleExpressions(chat, tab = 'emoji') {
    if (expressions && expressions.dataset.tab === tab) return void (expressions.remove(), (expressions = null));
    expressions?.remove();
    const tabs = [
      ['emoji', 'smiley', 'wds-ic-emoji', 'Emoji'],
      ['gif', 'gif', 'wds-ic-gif', 'GIF'],
      ['sticker', 'sticker', 'wds-ic-sticker', 'Adesivi'],
    ];
    const items =
      tab === 'emoji'
        ? EMOJI.map((e) => onClick(h('div', { role: 'button', tabindex: '0', class: 'expr-item emoji' }, e), () => composer?.insert(e)))
        : [1, 2, 3].map((n) =>
            onClick(h('div', { role: 'button', tabindex: '0', class: 'expr-item' }, genIcon(tab, tab === 'gif' ? 'wds-ic-gif' : 'wds-ic-sticker')), () => {
              expressions?.remove();
              expressions = null;
              sendFrom('expression', chat, tab === 'gif' ? `GIF ${n}` : `Adesivo ${n}`);
            }),
          );
    expressions = h(
      'div',
      { class: 'x1n2onr6 expressions', 'data-testid': GEN === 2024 ? null : 'expressions-panel' },
      h(
        'div',
        { role: 'tablist', class: 'x78zum5' },
        ...tabs.map(([id, n24, n26, label]) =>
          onClick(h('button', { role: 'tab', 'aria-selected': String(id === tab), 'aria-label': label }, genIcon(n24, n26)), () => toggleExpressions(chat, id)),
        ),
      ),
      h('div', { role: 'tabpanel', class: 'x78zum5 expr-grid' }, ...items.map((item) => h('div', { role: 'gridcell' }, item))),
    );
    expressions.dataset.tab = tab;
    main.querySelector(':scope > footer').before(expressions);
  }

  /** The forward dialog for the open chat's last message, listing `refs` (default: the top 8 chats). */
  function openForward(refs) {
    const from = openJid && byJid.get(openJid);
    const message = from?.messages[from.messages.length - 1];
    if (!message) throw new Error('no open chat to forward from');
    closeOverlays();
    const listed = refs ? refs.map(resolve) : order.slice(0, 8);
    const picked = new Set();
    const rowsBox = h('div', { role: GEN === 2024 ? null : 'grid', class: 'x1n2onr6 fwd-rows' });
    const summaryText = h('span', { dir: 'auto', class: '_ao3e' });
    for (const chat of listed) {
      const box = GEN === 2024 ? h('input', { type: 'checkbox', tabindex: '-1' }) : h('div', { role: 'checkbox', 'aria-checked': 'false', tabindex: '0' });
      const row = h(
        GEN === 2024 ? 'div' : 'div',
        { role: GEN === 2024 ? 'listitem' : 'row', tabindex: '-1', class: 'fwd-row' },
        box,
        h('span', { dir: 'auto', title: chat.name, class: '_ao3e' }, chat.name),
      );
      onClick(row, (e) => {
        if (picked.has(chat)) picked.delete(chat);
        else picked.add(chat);
        if (GEN === 2024) {
          // A click on the native box has toggled it already.
          if (e.target !== box) box.checked = picked.has(chat);
        } else box.setAttribute('aria-checked', String(picked.has(chat)));
        summaryText.textContent = [...picked].map((c) => c.name).join(', ');
      });
      rowsBox.append(row);
    }
    const send = () => {
      for (const chat of picked) sendFrom('forward', chat, message.text);
      closeOverlays();
    };
    overlay = h(
      'div',
      {
        role: 'dialog',
        'aria-modal': GEN === 2024 ? null : 'true',
        tabindex: '-1',
        class: 'x1n2onr6 forward',
        'data-testid': GEN === 2024 ? null : 'forward-dialog',
      },
      h('header', { class: 'x78zum5' }, closeButton(), h('h1', { class: 'x1iyjqo2' }, 'Inoltra messaggio a')),
      h('input', { type: 'text', 'aria-label': 'Cerca', placeholder: 'Cerca', class: 'x1n2onr6' }),
      rowsBox,
      h('div', { class: 'x78zum5 fwd-bottom' }, summaryText, onClick(sendButtonNode('Invia'), send)),
    );
    mainSlot.append(overlay);
  }

  /** A send path no extension knows (test only): a footer button with a new icon that sends the composer text. */
  function revealHiddenSend() {
    const chat = openJid && byJid.get(openJid);
    if (!chat || !footerArea) throw new Error('no open chat');
    const button = onClick(h('button', { 'aria-label': 'Invio rapido', class: 'x1n2onr6 hidden-send' }, genIcon('rocket', 'wds-ic-rocket')), () => {
      const text = composer?.text().trim() || 'Invio rapido';
      sendFrom('hidden', chat, text);
    });
    footerArea.append(button);
  }

  // ---------- messages and re-ordering ----------
  function addMessage(chat, { fromMe, text, origin, id, sender }) {
    const prev = chat.messages[chat.messages.length - 1];
    const m = {
      id,
      fromMe,
      sender: fromMe ? OWN_NAME : (sender ?? (chat.isGroup ? chat.participants[chat.messages.length % chat.participants.length] : chat.name)),
      text: String(text),
      ts: Date.now(),
      status: fromMe ? 'delivered' : null,
      origin,
    };
    chat.messages.push(m);
    chat.lastTs = m.ts;
    if (!fromMe && chat.jid !== openJid) chat.unread++;
    if (fromMe) chat.unread = 0;
    chat.version++;
    // A new message moves the chat to the top of the list.
    order.splice(order.indexOf(chat), 1);
    order.unshift(chat);
    if (chat.jid === openJid && main?.isConnected) {
      appendMessageRow(chat, m, prev);
      scroller.scrollTop = scroller.scrollHeight;
    }
    renderList();
    return m;
  }

  // ---------- test control API ----------
  function resolve(ref) {
    const chat = typeof ref === 'number' ? chats[ref] : byJid.get(String(ref));
    if (!chat) throw new Error(`no chat ${ref}`);
    return chat;
  }
  const summary = (chat, position = positionOf(chat)) => {
    const last = chat.messages[chat.messages.length - 1];
    return {
      index: chat.index,
      jid: chat.jid,
      name: chat.name,
      isGroup: chat.isGroup,
      muted: chat.muted,
      unread: chat.unread,
      position,
      open: chat.jid === openJid,
      lastMessage: last ? { id: last.id, text: last.text, fromMe: last.fromMe } : null,
    };
  };
  const api = {
    ready: false,
    own: { wid: WID, name: OWN_NAME },
    /** All chats in list order (position 0 = top row). */
    chats: () => order.map((chat, i) => summary(chat, i + (SELF_ROW ? 1 : 0))),
    chat: (ref) => summary(resolve(ref)),
    messages: (ref) => resolve(ref).messages.map((m) => ({ ...m })),
    /** A customer (or group participant) message: bumps unread unless the chat is open, moves it to the top. */
    incoming: (ref, text, opts = {}) =>
      addMessage(resolve(ref), { fromMe: false, text, origin: 'incoming', id: opts.id ?? `3A${freshHex(18)}`, sender: opts.sender }).id,
    /** An outgoing message not typed in this browser (the phone, another rep's browser). */
    outgoingFromPhone: (ref, text, opts = {}) => addMessage(resolve(ref), { fromMe: true, text, origin: 'phone', id: opts.id ?? `A5${freshHex(30)}` }).id,
    /** Messages sent from this page's composer (Enter or the send button), oldest first. */
    sentMessages: () => sent.map((s) => ({ ...s })),
    openChat: (ref) => openChat(resolve(ref)),
    closeChat,
    openJid: () => openJid,
    /** The search box's text as WhatsApp last searched it ('' when the full list shows). */
    searchQuery: () => (results ? searchQuery : ''),
    /** Scrolls the list so that the row at `position` (or the chat with this JID) is at the top. */
    scrollTo: (ref) => {
      pane.scrollTop = (typeof ref === 'number' ? ref : positionOf(resolve(ref))) * ROW_H;
      renderList();
    },
    /** What the list renders now: [{ position, jid }] in DOM order. */
    renderedRows: () =>
      Array.from(grid.children, (node) => ({
        position: Math.round(Number(/translateY\((-?[\d.]+)px\)/.exec(node.style.transform)?.[1] ?? -1) / ROW_H),
        jid: rowState.get(node)?.jid ?? null,
      })),
    draft: () => composer?.text() ?? null,
    /** Opens the forward dialog for the open chat's last message, listing these chats (default: the top 8). */
    openForward: (refs) => openForward(refs),
    /** Adds a test-only send button to the footer that no guard knows about. */
    revealHiddenSend,
    /** Opens a send overlay of the open chat directly, as if through a door the extension did not see. */
    openMediaEditor: (files) => openMediaEditor(byJid.get(openJid), files),
    startRecording: () => startRecording(byJid.get(openJid)),
    openExpressions: (tab) => toggleExpressions(byJid.get(openJid), tab),
    closeOverlays,
    gen: GEN,
  };
  window.__wa = api;

  // A number nobody wrote to yet: WhatsApp opens an empty chat titled with it, at the top of the list.
  function newNumberChat(phone) {
    const chat = {
      index: chats.length,
      jid: `${phone}@c.us`,
      name: `+${phone}`,
      isGroup: false,
      muted: false,
      badgeInTitle: false,
      participants: [],
      messages: [],
      unread: 0,
      lastTs: Date.now(),
      version: 0,
    };
    chats.push(chat);
    byJid.set(chat.jid, chat);
    order.unshift(chat);
    return chat;
  }

  function start() {
    buildSkeleton();
    renderList();
    const open = q.get('open');
    if (open !== null) openChat(resolve(/^\d+$/.test(open) ? Number(open) : open));
    const phone = location.pathname === '/send' ? (q.get('phone') ?? '').replace(/\D/g, '') : '';
    if (phone) {
      history.replaceState(null, '', '/');
      openChat(byJid.get(`${phone}@c.us`) ?? newNumberChat(phone));
    }
    api.ready = true;
  }
  if (DELAY) setTimeout(start, DELAY);
  else start();
})();
