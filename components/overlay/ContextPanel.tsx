import { useState } from 'react';
import type { ConversationContext, MemberView } from '../../utils/inbox/types';
import type { Box } from '../../utils/whatsapp/conversation-layout';
import { t } from '../../utils/i18n/t';
import { formatDateTime } from '../../utils/i18n/format';
import { heldReasonName, statusName } from '../i18n/labels';
import { memberName } from '../../utils/i18n/member-name';

export interface ContextPanelProps {
  context: ConversationContext | null;
  /** Where it docks (beside the conversation, clear of its header and composer); the window's right edge when unknown. */
  box: Box | null;
  members: MemberView[];
  error: string | null;
  onAddNote(body: string): Promise<boolean>;
  onLinkLead(phone: string): Promise<boolean>;
  onClose(): void;
}

function describe(type: string, data: Record<string, unknown>, name: (id: unknown) => string): string {
  const text = (v: unknown) => String(v ?? '');
  switch (type) {
    case 'ownership.claimed':
      return t('timeline.claimed', { name: name(data.to) });
    case 'ownership.assigned':
      return data.note ? t('timeline.assignedWithNote', { name: name(data.to), note: text(data.note) }) : t('timeline.assigned', { name: name(data.to) });
    case 'ownership.released':
      return t('timeline.released', { name: name(data.from) });
    case 'ownership.handed_off':
      return data.note
        ? t('timeline.handedOff', { from: name(data.from), to: name(data.to), note: text(data.note) })
        : t('headerBar.timelineHandedOff', { from: name(data.from), to: name(data.to) });
    case 'handoff.requested':
      return data.note
        ? t('headerBar.timelineRequestedWithNote', { name: name(data.requestedBy), note: text(data.note) })
        : t('headerBar.timelineRequested', { name: name(data.requestedBy) });
    case 'handoff.declined':
      return t('headerBar.timelineDeclined', { by: name(data.by), name: name(data.requestedBy) });
    case 'conversation.queue_changed':
      return t('headerBar.timelineQueue', { from: text(data.from), to: text(data.to) });
    case 'ownership.taken_over':
      return t('timeline.takenOver', { to: name(data.to), from: name(data.from), reason: text(data.reason) });
    case 'status.changed': {
      const change = { from: statusName(text(data.from)), to: statusName(text(data.to)) };
      return data.reason ? t('timeline.statusWithReason', { ...change, reason: text(data.reason) }) : t('timeline.status', change);
    }
    case 'note.added':
      return t('timeline.noteAdded');
    case 'message.observed':
      return data.direction === 'in' ? t('timeline.customerMessage') : data.byBot ? t('timeline.botReply') : t('timeline.replySent');
    case 'send.reported':
      return t('timeline.replied', { name: name(data.memberId) });
    case 'send.held':
      return t('timeline.held', { name: name(data.memberId), reason: heldReasonName(text(data.reason)) });
    case 'send.override':
      return t('timeline.override', { name: name(data.memberId), reason: text(data.reason) });
    // An event type this build does not describe yet is shown by its code rather than hidden.
    default:
      return type.replace(/[._]/g, ' ');
  }
}

/** Beside the open chat: answers, automation history, notes, timeline. */
export function ContextPanel(p: ContextPanelProps) {
  const [note, setNote] = useState('');
  const [lead, setLead] = useState('');
  const name = (id: unknown) => {
    const m = p.members.find((x) => x.id === id);
    return m ? memberName(m) : t('common.someone');
  };
  const c = p.context;
  const handoffs = c?.timeline.filter((e) => e.type === 'ownership.handed_off' && e.data.note) ?? [];
  const docked = p.box ? { top: p.box.top, left: p.box.left, width: p.box.width, height: p.box.height } : undefined;
  return (
    <aside className={docked ? 'panel docked' : 'panel'} style={docked} data-inbox="context-panel" aria-label={t('context.label')}>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <strong>{c?.conversation.title ?? t('context.title')}</strong>
        <button onClick={p.onClose} aria-label={t('context.close')}>
          ×
        </button>
      </div>
      {p.error && <p className="error">{p.error}</p>}
      {!c && !p.error && <p className="muted">{t('common.loading')}</p>}
      {c && (
        <>
          {handoffs.length > 0 && (
            <>
              <h3>{t('context.handoffNote')}</h3>
              <p>{String(handoffs[handoffs.length - 1].data.note ?? '')}</p>
            </>
          )}
          <h3>{t('context.qualification')}</h3>
          {c.answers.length === 0 ? (
            <p className="muted">{t('context.noAnswers')}</p>
          ) : (
            <ul>
              {c.answers.map((a) => (
                <li key={a.key}>
                  <strong>{a.key}</strong>: {a.value}
                </li>
              ))}
            </ul>
          )}
          <h3>{t('context.automation')}</h3>
          {c.flow.summary && (
            <p data-inbox="flow-summary">
              <strong>{t('context.summary')}</strong> {c.flow.summary}
              {c.flow.handoffReason ? ` ${t('context.handedOffBecause', { reason: c.flow.handoffReason })}` : ''}
            </p>
          )}
          {c.flow.steps.length === 0 ? (
            <p className="muted">{t('context.noAutomation')}</p>
          ) : (
            <ul>
              {c.flow.steps.map((f, i) => (
                <li key={i}>
                  <span className="muted">{formatDateTime(f.at)}</span> {[f.flow, f.step].filter(Boolean).join(' › ') || f.kind}
                </li>
              ))}
            </ul>
          )}
          {c.flow.steps.length === 0 && (
            <div className="row">
              <input
                aria-label={t('context.leadPhone')}
                placeholder={t('context.leadPhonePlaceholder')}
                value={lead}
                onChange={(e) => setLead(e.target.value)}
              />
              <button
                disabled={!/^\+?\d{5,20}$/.test(lead.trim())}
                onClick={async () => {
                  if (await p.onLinkLead(lead.trim().replace(/^\+/, ''))) setLead('');
                }}
              >
                {t('context.link')}
              </button>
            </div>
          )}
          <h3>{t('context.notes')}</h3>
          <ul>
            {c.notes.map((n) => (
              <li key={n.id}>
                <span className="muted">
                  {name(n.authorId)} · {formatDateTime(n.createdAt)}
                </span>
                <br />
                {n.body}
              </li>
            ))}
          </ul>
          <textarea aria-label={t('context.newNote')} placeholder={t('context.newNotePlaceholder')} value={note} onChange={(e) => setNote(e.target.value)} />
          <button
            className="primary"
            disabled={!note.trim()}
            onClick={async () => {
              if (await p.onAddNote(note.trim())) setNote('');
            }}
          >
            {t('context.addNote')}
          </button>
          <h3>{t('context.timeline')}</h3>
          <ul>
            {c.timeline.map((e) => (
              <li key={e.id}>
                <span className="muted">{formatDateTime(e.at)}</span> {describe(e.type, e.data, name)}
              </li>
            ))}
          </ul>
          {c.conversation.episode > 1 && <p className="muted">{t('context.episode', { episode: c.conversation.episode })}</p>}
        </>
      )}
    </aside>
  );
}
