import { useState } from 'react';
import type { ConversationContext, MemberView } from '../../utils/inbox/types';
import { displayName } from '../../utils/schemas/member';

export interface ContextPanelProps {
  context: ConversationContext | null;
  members: MemberView[];
  error: string | null;
  onAddNote(body: string): Promise<boolean>;
  onLinkLead(phone: string): Promise<boolean>;
  onClose(): void;
}

const time = (ms: number) => new Date(ms).toLocaleString();

function describe(type: string, data: Record<string, unknown>, name: (id: unknown) => string): string {
  switch (type) {
    case 'ownership.claimed': return `${name(data.to)} claimed the chat`;
    case 'ownership.assigned': return `Assigned to ${name(data.to)}${data.note ? `: ${data.note}` : ''}`;
    case 'ownership.released': return `${name(data.from)} released the chat`;
    case 'ownership.handed_off': return `${name(data.from)} handed off to ${name(data.to)}: ${data.note}`;
    case 'ownership.taken_over': return `${name(data.to)} took over from ${name(data.from)}: ${data.reason}`;
    case 'status.changed': return `Status ${data.from} → ${data.to}${data.reason ? ` (${data.reason})` : ''}`;
    case 'note.added': return 'Note added';
    case 'message.observed': return data.direction === 'in' ? 'Customer message' : data.byBot ? 'Bot reply' : 'Reply sent';
    case 'send.reported': return `${name(data.memberId)} replied`;
    case 'send.held': return `A send by ${name(data.memberId)} was held (${data.reason})`;
    case 'send.override': return `${name(data.memberId)} sent anyway: ${data.reason}`;
    default: return type.replace(/[._]/g, ' ');
  }
}

/** Beside the open chat: answers, automation history, notes, timeline. */
export function ContextPanel(p: ContextPanelProps) {
  const [note, setNote] = useState('');
  const [lead, setLead] = useState('');
  const name = (id: unknown) => {
    const m = p.members.find((x) => x.id === id);
    return m ? displayName(m) : 'someone';
  };
  const c = p.context;
  const handoffs = c?.timeline.filter((e) => e.type === 'ownership.handed_off') ?? [];
  return (
    <aside className="panel" data-inbox="context-panel" aria-label="Conversation context">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <strong>{c?.conversation.title ?? 'Context'}</strong>
        <button onClick={p.onClose} aria-label="Close context">×</button>
      </div>
      {p.error && <p className="error">{p.error}</p>}
      {!c && !p.error && <p className="muted">Loading…</p>}
      {c && (
        <>
          {handoffs.length > 0 && (
            <>
              <h3>Handoff note</h3>
              <p>{String(handoffs[handoffs.length - 1].data.note ?? '')}</p>
            </>
          )}
          <h3>Qualification</h3>
          {c.answers.length === 0 ? <p className="muted">No answers yet</p> : (
            <ul>{c.answers.map((a) => <li key={a.key}><strong>{a.key}</strong>: {a.value}</li>)}</ul>
          )}
          <h3>Automation</h3>
          {c.flow.summary && <p data-inbox="flow-summary"><strong>Summary:</strong> {c.flow.summary}{c.flow.handoffReason ? ` (handed off: ${c.flow.handoffReason})` : ''}</p>}
          {c.flow.steps.length === 0 ? <p className="muted">The automation has not run in this chat</p> : (
            <ul>{c.flow.steps.map((f, i) => <li key={i}><span className="muted">{time(f.at)}</span> {[f.flow, f.step].filter(Boolean).join(' › ') || f.kind}</li>)}</ul>
          )}
          {c.flow.steps.length === 0 && (
            <div className="row">
              <input aria-label="Lead phone" placeholder="Link to an automation lead: phone" value={lead} onChange={(e) => setLead(e.target.value)} />
              <button disabled={!/^\+?\d{5,20}$/.test(lead.trim())} onClick={async () => { if (await p.onLinkLead(lead.trim().replace(/^\+/, ''))) setLead(''); }}>Link</button>
            </div>
          )}
          <h3>Notes</h3>
          <ul>{c.notes.map((n) => <li key={n.id}><span className="muted">{name(n.authorId)} · {time(n.createdAt)}</span><br />{n.body}</li>)}</ul>
          <textarea aria-label="New note" placeholder="Internal note (@name to mention)" value={note} onChange={(e) => setNote(e.target.value)} />
          <button className="primary" disabled={!note.trim()} onClick={async () => { if (await p.onAddNote(note.trim())) setNote(''); }}>Add note</button>
          <h3>Timeline</h3>
          <ul>{c.timeline.map((e) => <li key={e.id}><span className="muted">{time(e.at)}</span> {describe(e.type, e.data, name)}</li>)}</ul>
          {c.conversation.episode > 1 && <p className="muted">Episode {c.conversation.episode} (earlier episodes are in the timeline)</p>}
        </>
      )}
    </aside>
  );
}
