import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { ConversationView, MemberView, WorkspaceRules } from '../../utils/inbox/types';
import type { Priority, Status } from '../../utils/schemas/common';
import { slaCountdown } from '../../utils/inbox/sla-countdown';
import { t, type MessageKey } from '../../utils/i18n/t';
import { formatTime } from '../../utils/i18n/format';
import { priorityName, statusName } from '../i18n/labels';
import { memberName } from '../../utils/i18n/member-name';
import { HeaderEditor, type Editor } from './HeaderEditor';
import { fitControls } from './header-fit';

export interface HeaderBarProps {
  conversation: ConversationView | null;
  state: 'resolving' | 'ready' | 'ambiguous' | 'unavailable';
  me: MemberView | null;
  members: MemberView[];
  rules: WorkspaceRules | null;
  online: boolean;
  outboxPending: number;
  error: string | null;
  onClaim(): void;
  onRelease(): void;
  onAssign(memberId: string, note?: string): Promise<boolean>;
  onHandoff(memberId: string, note: string): Promise<boolean>;
  onRequestHandoff(note?: string): Promise<boolean>;
  onAnswerHandoff(requestedBy: string, accept: boolean): void;
  /** A person sets any status but `bot`, which only the automation hands a chat to. */
  onStatus(status: Exclude<Status, 'bot'>, extra?: { snoozedUntil?: number; reason?: string }): Promise<boolean>;
  onPriority(priority: Priority): void;
  onQueue(queue: string): void;
  onLabels(labels: string[]): Promise<boolean>;
  onToggleContext(): void;
}

const SNOOZES: Array<[MessageKey, number]> = [
  ['header.snooze1h', 3600_000],
  ['header.snooze4h', 4 * 3600_000],
  ['header.snoozeTomorrow', 24 * 3600_000],
];
const SLA_TARGETS: Record<string, MessageKey> = {
  firstResponse: 'header.slaFirstResponse',
  nextResponse: 'header.slaNextResponse',
  resolution: 'header.slaResolution',
};
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const satisfies readonly Priority[];

/** One control and how soon it moves into the overflow menu when the bar is narrow (0: never). */
interface Control {
  id: string;
  rank: 0 | 1 | 2;
  node: ReactNode;
  /** What its width depends on besides the language (a name, a label list): a change means measuring again. */
  sig?: string;
}

const GAP = 8;

function Field(p: { label: string; children: ReactNode }) {
  return (
    <label className="field">
      <span className="field-label">{p.label}</span>
      {p.children}
    </label>
  );
}

/** Above the open chat, one line: who owns it, what can be done about it, and its status, priority, queue, labels. */
export function HeaderBar(p: HeaderBarProps) {
  const [editor, setEditor] = useState<Editor | null>(null);
  const [menuOpen, setMenuOpen] = useState(false);
  const [, setWidth] = useState(0);
  /** Ids of the controls on the line; null while measuring (everything inline, clipped, before paint). */
  const [fit, setFit] = useState<Set<string> | null>(null);
  const widths = useRef(new Map<string, number>());
  const moreWidth = useRef(64);
  const ref = useRef<HTMLDivElement>(null);
  const mainRef = useRef<HTMLDivElement>(null);
  const moreRef = useRef<HTMLButtonElement>(null);
  const c = p.conversation;
  const conversationId = c?.id;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);
  // An editor or menu opened for one chat never carries over to the next.
  useEffect(() => {
    setEditor(null);
    setMenuOpen(false);
  }, [conversationId]);

  const owner = c?.ownerId ? p.members.find((m) => m.id === c.ownerId) : undefined;
  const mine = !!c && !!p.me && c.ownerId === p.me.id;
  const manager = p.me?.role === 'manager' || p.me?.role === 'admin';
  const requests = c?.handoffRequests ?? [];
  const myRequest = requests.find((r) => r.requestedBy === p.me?.id);
  const incoming = mine || (manager && !!c?.ownerId) ? requests : [];
  const name = (id: string) => {
    const m = p.members.find((x) => x.id === id);
    return m ? memberName(m) : t('common.aTeammate');
  };
  const open = (e: Editor) => {
    setMenuOpen(false);
    setEditor(e);
  };

  const controls: Control[] = [];
  if (c) {
    controls.push({
      id: 'owner',
      rank: 0,
      sig: `${c.ownerId}`,
      node: (
        <span className="pill owner" data-inbox="owner" title={owner ? memberName(owner) : undefined}>
          {owner ? (
            <>
              <span className="owner-dot" style={{ background: owner.color }}>
                {owner.initials}
              </span>
              <span className="owner-name">{mine ? t('common.you') : memberName(owner)}</span>
            </>
          ) : (
            t('common.unassigned')
          )}
        </span>
      ),
    });
    if (!c.ownerId)
      controls.push({
        id: 'claim',
        rank: 0,
        node: (
          <button className="primary" onClick={p.onClaim} disabled={!p.online}>
            {t('header.claim')}
          </button>
        ),
      });
    for (const r of incoming) {
      controls.push({
        id: `request-${r.requestedBy}`,
        rank: 0,
        sig: r.note ?? '',
        node: (
          <span className="request" data-inbox="handoff-request" title={r.note ?? undefined}>
            <span className="request-text">
              {r.note
                ? t('headerBar.requestFromWithNote', { name: name(r.requestedBy), note: r.note })
                : t('headerBar.requestFrom', { name: name(r.requestedBy) })}
            </span>
            <button className="primary" onClick={() => p.onAnswerHandoff(r.requestedBy, true)}>
              {t('headerBar.accept')}
            </button>
            <button onClick={() => p.onAnswerHandoff(r.requestedBy, false)}>{t('headerBar.decline')}</button>
          </span>
        ),
      });
    }
    if (c.ownerId && !mine) {
      controls.push(
        myRequest
          ? {
              id: 'requested',
              rank: 0,
              node: (
                <span className="pill requested" data-inbox="handoff-requested">
                  {t('headerBar.requested')}
                </span>
              ),
            }
          : { id: 'request', rank: 0, node: <button onClick={() => open({ kind: 'request', note: '' })}>{t('headerBar.requestHandoff')}</button> },
      );
    }
    controls.push({
      id: 'status',
      rank: 0,
      node: (
        <Field label={t('header.status')}>
          <select
            aria-label={t('header.status')}
            value={c.status}
            onChange={(e) => {
              const v = e.target.value as 'open' | 'pending' | 'resolved';
              if (v === 'resolved') open({ kind: 'resolve', reason: '' });
              else void p.onStatus(v);
            }}
          >
            {c.status === 'bot' && (
              <option value="bot" disabled>
                {statusName('bot')}
              </option>
            )}
            <option value="open">{statusName('open')}</option>
            <option value="pending">{statusName('pending')}</option>
            {c.status === 'snoozed' && (
              <option value="snoozed" disabled>
                {statusName('snoozed')}
              </option>
            )}
            <option value="resolved">{statusName('resolved')}</option>
          </select>
        </Field>
      ),
    });
    const sla = c.status !== 'resolved' ? slaCountdown(c, Date.now()) : null;
    if (sla) {
      const target = SLA_TARGETS[sla.target] ? t(SLA_TARGETS[sla.target]) : sla.target;
      controls.push({
        id: 'sla',
        rank: 0,
        sig: sla.label,
        node: (
          <span className={`pill sla ${sla.state}`} data-inbox="sla" title={t('header.slaDue', { target, time: formatTime(sla.dueAt) })}>
            {t('header.sla', { left: sla.label })}
          </span>
        ),
      });
    }
    if (mine || (manager && c.ownerId)) controls.push({ id: 'release', rank: 1, node: <button onClick={p.onRelease}>{t('header.release')}</button> });
    const others = p.members.filter((m) => m.id !== c.ownerId);
    if (c.ownerId && (mine || manager))
      controls.push({
        id: 'handoff',
        rank: 1,
        node: <button onClick={() => open({ kind: 'handoff', to: others[0]?.id ?? '', note: '' })}>{t('header.handoff')}</button>,
      });
    controls.push({
      id: 'priority',
      rank: 1,
      node: (
        <Field label={t('header.priority')}>
          <select aria-label={t('header.priority')} value={c.priority} onChange={(e) => p.onPriority(e.target.value as 'normal')}>
            {PRIORITIES.map((v) => (
              <option key={v} value={v}>
                {priorityName(v)}
              </option>
            ))}
          </select>
        </Field>
      ),
    });
    const queues = p.rules?.queues.includes(c.queue) ? p.rules.queues : [c.queue, ...(p.rules?.queues ?? [])];
    controls.push({
      id: 'queue',
      rank: 1,
      sig: queues.join(),
      node: (
        <Field label={t('header.queue')}>
          <select aria-label={t('header.queue')} data-inbox="queue" value={c.queue} onChange={(e) => p.onQueue(e.target.value)}>
            {queues.map((q) => (
              <option key={q} value={q}>
                {q}
              </option>
            ))}
          </select>
        </Field>
      ),
    });
    if (mine || manager)
      controls.push({
        id: 'assign',
        rank: 2,
        node: <button onClick={() => open({ kind: 'assign', to: others[0]?.id ?? '', note: '' })}>{t('header.assignToEllipsis')}</button>,
      });
    controls.push({
      id: 'snooze',
      rank: 2,
      node: (
        <Field label={t('header.snooze')}>
          <select
            aria-label={t('header.snooze')}
            value=""
            onChange={(e) => e.target.value && void p.onStatus('snoozed', { snoozedUntil: Date.now() + Number(e.target.value) })}
          >
            <option value="">{t('headerBar.snoozeFor')}</option>
            {SNOOZES.map(([label, ms]) => (
              <option key={label} value={ms}>
                {t(label)}
              </option>
            ))}
          </select>
        </Field>
      ),
    });
    controls.push({
      id: 'labels',
      rank: 2,
      sig: c.labels.join(),
      node: (
        <span className="labels" data-inbox="labels">
          <span className="field-label">{t('header.labels')}</span>
          {c.labels.length === 0 && <span className="muted">{t('headerBar.noLabels')}</span>}
          {c.labels.map((l) => (
            <span key={l} className="pill label">
              {l}
            </span>
          ))}
          <button
            aria-label={t('headerBar.editLabels')}
            title={t('headerBar.editLabels')}
            onClick={() => open({ kind: 'labels', labels: c.labels, draft: '' })}
          >
            ✎
          </button>
        </span>
      ),
    });
  }
  const keyOf = (x: Control) => `${x.id}|${x.sig ?? ''}|${t('headerBar.more')}`;
  const measured = controls.every((x) => widths.current.has(keyOf(x)));
  const shownIds = fit && measured ? fit : null;
  const inline = shownIds ? controls.filter((x) => shownIds.has(x.id)) : controls;
  const overflow = shownIds ? controls.filter((x) => !shownIds.has(x.id)) : [];
  // After every render, before paint: measure what is on the line and keep what fits; re-render only on a change.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- no dependency list on purpose: every render is measured.
  useLayoutEffect(() => {
    const main = mainRef.current;
    if (!main || editor) return;
    for (const el of main.querySelectorAll<HTMLElement>(':scope > .slot')) widths.current.set(el.dataset.key!, el.offsetWidth);
    if (moreRef.current) moreWidth.current = moreRef.current.offsetWidth;
    if (!controls.every((x) => widths.current.has(keyOf(x)))) return;
    const others = [...main.children]
      .filter((el) => !el.classList.contains('slot') && !el.classList.contains('error'))
      .reduce((sum, el) => sum + (el as HTMLElement).offsetWidth + GAP, 0);
    const available = main.clientWidth - others + (moreRef.current ? moreWidth.current + GAP : 0);
    const next = fitControls(
      controls.map((x) => ({ id: x.id, rank: x.rank, width: widths.current.get(keyOf(x))! })),
      available,
      moreWidth.current,
      GAP,
    );
    if (!fit || next.size !== fit.size || [...next].some((id) => !fit.has(id))) setFit(next);
  });
  const noteRequired = (to: string) => !!p.rules?.handoffNoteRequired && !!c?.ownerId && c.ownerId !== p.me?.id && c.ownerId !== to;

  return (
    <div className="bar" ref={ref} data-inbox="header-bar">
      <div className="bar-main" ref={mainRef}>
        {!p.online && (
          <span className="offline" role="status">
            {p.outboxPending ? t('header.offlinePending', { count: p.outboxPending }) : t('header.offline')}
          </span>
        )}
        {p.state === 'resolving' && <span className="muted">{t('header.loadingChat')}</span>}
        {p.state === 'ambiguous' && <span className="muted">{t('header.ambiguous')}</span>}
        {c && editor ? (
          <>
            {inline[0]?.node}
            <HeaderEditor
              editor={editor}
              members={p.members.filter((m) => m.id !== c.ownerId)}
              noteRequired={noteRequired}
              onChange={setEditor}
              onCancel={() => setEditor(null)}
              onDone={async (e) => {
                const ok =
                  e.kind === 'assign'
                    ? await p.onAssign(e.to, e.note.trim() || undefined)
                    : e.kind === 'handoff'
                      ? await p.onHandoff(e.to, e.note.trim())
                      : e.kind === 'labels'
                        ? await p.onLabels(e.labels)
                        : e.kind === 'resolve'
                          ? await p.onStatus('resolved', { reason: e.reason.trim() || undefined })
                          : await p.onRequestHandoff(e.note.trim() || undefined);
                if (ok) setEditor(null);
              }}
            />
          </>
        ) : (
          inline.map((x) => (
            <span key={x.id} className="slot" data-key={keyOf(x)}>
              {x.node}
            </span>
          ))
        )}
        {p.error && (
          <span className="error" role="alert" title={p.error}>
            {p.error}
          </span>
        )}
      </div>
      <div className="bar-end">
        {c && !editor && overflow.length > 0 && (
          <button ref={moreRef} aria-expanded={menuOpen} aria-haspopup="true" onClick={() => setMenuOpen(!menuOpen)} data-inbox="more">
            {t('headerBar.more')}
          </button>
        )}
        <button onClick={p.onToggleContext} aria-label={t('header.context')}>
          {t('header.context')}
        </button>
      </div>
      {menuOpen && !editor && overflow.length > 0 && (
        <div className="menu" role="group" aria-label={t('headerBar.more')} data-inbox="more-menu" onKeyDown={(e) => e.key === 'Escape' && setMenuOpen(false)}>
          {overflow.map((x) => (
            <div key={x.id} className="menu-item">
              {x.node}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
