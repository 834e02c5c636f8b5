import { t } from '../../utils/i18n/t';
import { statusName } from '../i18n/labels';
import type { BadgeModel } from '../../utils/inbox/badge-model';

const STYLE = `
:host { all: initial; position: absolute; left: 4px; bottom: 3px; pointer-events: none; font: 11px/1.3 system-ui, sans-serif; }
.badge { display: inline-flex; gap: 3px; align-items: center; background: #fff; border-radius: 9px; padding: 1px 5px 1px 2px; font-size: 10px; border: 1px solid #e3e6e8; color: #333; }
.owner { display: inline-grid; place-items: center; min-width: 18px; height: 18px; border-radius: 9px; color: #fff; font-weight: 600; font-size: 10px; padding: 0 3px; }
.unassigned { color: #777; padding-left: 4px; }
.status { text-transform: uppercase; font-size: 9px; letter-spacing: .04em; color: #555; }
.bot { background: #ece3ff; color: #5b3fa0; border-radius: 6px; padding: 0 4px; }
.replying { color: #0b7a75; font-style: italic; }
.sla { border-radius: 6px; padding: 0 4px; background: #eef1f4; color: #333; font-variant-numeric: tabular-nums; }
.sla.warning { background: #fff1c2; color: #7a4d00; }
.sla.breached { background: #ffd7d5; color: #a40e26; font-weight: 600; }
.dot { width: 8px; height: 8px; border-radius: 4px; background: #e5484d; }
.ambiguous { color: #a15c00; }
`;

let sheet: CSSStyleSheet | null = null;

/** One constructed stylesheet shared by every row's shadow root: parsed once, not once per row. */
function adoptStyle(root: ShadowRoot) {
  if (root.adoptedStyleSheets.length) return;
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
  }
  root.adoptedStyleSheets = [sheet];
}

/** Renders a badge model as text nodes only, so a contact or member name can never become markup. */
export function renderRowBadge(root: ShadowRoot, m: BadgeModel): void {
  adoptStyle(root);
  root.querySelector('.badge')?.remove();
  const badge = el('span', 'badge');
  badge.setAttribute('data-inbox', 'row-badge');
  if (m.unattended) badge.append(el('span', 'dot', '', t('badge.waiting')));
  if (m.owner) {
    const owner = el(
      'span',
      'owner',
      m.owner.initials,
      m.ownerIsMe ? t('badge.ownedByYou') : t('badge.ownedBy', { name: m.owner.name ?? t('common.formerMember') }),
    );
    owner.style.background = m.owner.color;
    badge.append(owner);
  } else {
    badge.append(el('span', 'unassigned', t('common.unassigned')));
  }
  if (m.bot) badge.append(el('span', 'bot', t('badge.bot')));
  if (m.sla) badge.append(el('span', `sla ${m.sla.state}`, m.sla.label, m.sla.state === 'breached' ? t('badge.slaBreached') : t('badge.slaLeft')));
  if (m.status) badge.append(el('span', 'status', statusName(m.status)));
  if (m.replying)
    badge.append(el('span', 'replying', m.replying.me ? t('badge.youReplying') : t('badge.replying', { name: m.replying.name ?? t('common.aTeammate') })));
  if (m.ambiguous) badge.append(el('span', 'ambiguous', t('badge.ambiguous'), t('badge.ambiguousTitle')));
  badge.setAttribute('data-owner', m.owner?.name ?? '');
  root.append(badge);
}

function el(tag: string, cls: string, text = '', title?: string): HTMLElement {
  const e = document.createElement(tag);
  e.className = cls;
  if (text) e.textContent = text;
  if (title) e.title = title;
  return e;
}
