import { useState } from 'react';
import type { ConversationView, MemberView } from '../../utils/inbox/types';
import { slaCountdown } from '../../utils/inbox/sla-countdown';
import { t, type MessageKey } from '../../utils/i18n/t';
import { formatTime } from '../../utils/i18n/format';
import { priorityName, statusName } from '../i18n/labels';
import { memberName } from '../../utils/i18n/member-name';

export interface HeaderBarProps {
  conversation: ConversationView | null;
  state: 'resolving' | 'ready' | 'ambiguous' | 'unavailable';
  me: MemberView | null;
  members: MemberView[];
  online: boolean;
  outboxPending: number;
  error: string | null;
  onClaim(): void;
  onRelease(): void;
  onAssign(memberId: string): void;
  onHandoff(memberId: string, note: string): void;
  onStatus(status: 'open' | 'pending' | 'snoozed' | 'resolved', extra?: { snoozedUntil?: number; reason?: string }): void;
  onPriority(priority: 'low' | 'normal' | 'high' | 'urgent'): void;
  onLabels(labels: string[]): void;
  onToggleContext(): void;
}

const SNOOZES: Array<[MessageKey, number]> = [['header.snooze1h', 3600_000], ['header.snooze4h', 4 * 3600_000], ['header.snoozeTomorrow', 24 * 3600_000]];
const SLA_TARGETS: Record<string, MessageKey> = { firstResponse: 'header.slaFirstResponse', nextResponse: 'header.slaNextResponse', resolution: 'header.slaResolution' };

/** Above the open chat: who owns it and what can be done about it. */
export function HeaderBar(p: HeaderBarProps) {
  const [handoff, setHandoff] = useState<{ to: string; note: string } | null>(null);
  const c = p.conversation;
  const owner = c?.ownerId ? p.members.find((m) => m.id === c.ownerId) : undefined;
  const mine = !!c && c.ownerId === p.me?.id;
  const others = p.members.filter((m) => m.id !== c?.ownerId);
  const manager = p.me?.role === 'manager' || p.me?.role === 'admin';
  const sla = c && c.status !== 'resolved' ? slaCountdown(c, Date.now()) : null;
  return (
    <div className="bar" data-inbox="header-bar">
      {!p.online && <span className="offline" role="status">{p.outboxPending ? t('header.offlinePending', { count: p.outboxPending }) : t('header.offline')}</span>}
      {p.state === 'resolving' && <span className="muted">{t('header.loadingChat')}</span>}
      {p.state === 'ambiguous' && <span className="muted">{t('header.ambiguous')}</span>}
      {c && (
        <>
          <span className="pill" data-inbox="owner">
            {owner ? (
              <>
                <span className="owner-dot" style={{ background: owner.color }}>{owner.initials}</span>
                {mine ? t('common.you') : memberName(owner)}
              </>
            ) : (
              t('common.unassigned')
            )}
          </span>
          {!c.ownerId && <button className="primary" onClick={p.onClaim} disabled={!p.online}>{t('header.claim')}</button>}
          {(mine || (manager && c.ownerId)) && <button onClick={p.onRelease}>{t('header.release')}</button>}
          {(mine || manager) && (
            <select aria-label={t('header.assignTo')} value="" onChange={(e) => e.target.value && p.onAssign(e.target.value)}>
              <option value="">{t('header.assignToEllipsis')}</option>
              {others.map((m) => <option key={m.id} value={m.id}>{memberName(m)}</option>)}
            </select>
          )}
          {c.ownerId && (mine || manager) && <button onClick={() => setHandoff({ to: others[0]?.id ?? '', note: '' })}>{t('header.handoff')}</button>}
          <select aria-label={t('header.status')} value={c.status} onChange={(e) => {
            const v = e.target.value as 'open' | 'pending' | 'resolved';
            p.onStatus(v, v === 'resolved' ? { reason: window.prompt(t('header.closingReason')) || undefined } : undefined);
          }}>
            {c.status === 'bot' && <option value="bot" disabled>{statusName('bot')}</option>}
            <option value="open">{statusName('open')}</option>
            <option value="pending">{statusName('pending')}</option>
            {c.status === 'snoozed' && <option value="snoozed" disabled>{statusName('snoozed')}</option>}
            <option value="resolved">{statusName('resolved')}</option>
          </select>
          <select aria-label={t('header.snooze')} value="" onChange={(e) => e.target.value && p.onStatus('snoozed', { snoozedUntil: Date.now() + Number(e.target.value) })}>
            <option value="">{t('header.snoozeEllipsis')}</option>
            {SNOOZES.map(([label, ms]) => <option key={label} value={ms}>{t(label)}</option>)}
          </select>
          <select aria-label={t('header.priority')} value={c.priority} onChange={(e) => p.onPriority(e.target.value as 'normal')}>
            {['low', 'normal', 'high', 'urgent'].map((v) => <option key={v} value={v}>{priorityName(v)}</option>)}
          </select>
          {sla && <span className={`pill sla ${sla.state}`} data-inbox="sla" title={t('header.slaDue', { target: SLA_TARGETS[sla.target] ? t(SLA_TARGETS[sla.target]) : sla.target, time: formatTime(sla.dueAt) })}>{t('header.sla', { left: sla.label })}</span>}
          <span className="pill muted" title={t('header.queue')}>{c.queue}</span>
          {c.labels.map((l) => <span key={l} className="pill">{l}</span>)}
          <button aria-label={t('header.labels')} onClick={() => {
            const v = window.prompt(t('header.labelsPrompt'), c.labels.join(', '));
            if (v !== null) p.onLabels(v.split(',').map((x) => x.trim()).filter(Boolean));
          }}>{t('header.labelsEllipsis')}</button>
        </>
      )}
      <button onClick={p.onToggleContext} aria-label={t('header.context')}>{t('header.context')}</button>
      {p.error && <span className="error" role="alert">{p.error}</span>}
      {handoff && (
        <div className="row">
          <select aria-label={t('header.handoffTo')} value={handoff.to} onChange={(e) => setHandoff({ ...handoff, to: e.target.value })}>
            {others.map((m) => <option key={m.id} value={m.id}>{memberName(m)}</option>)}
          </select>
          <input aria-label={t('header.handoffNote')} placeholder={t('header.handoffNotePlaceholder')} value={handoff.note} onChange={(e) => setHandoff({ ...handoff, note: e.target.value })} />
          <button className="primary" disabled={!handoff.to || !handoff.note.trim()} onClick={() => { p.onHandoff(handoff.to, handoff.note.trim()); setHandoff(null); }}>{t('header.handOffConfirm')}</button>
          <button onClick={() => setHandoff(null)}>{t('common.cancel')}</button>
        </div>
      )}
    </div>
  );
}
