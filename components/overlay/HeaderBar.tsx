import { useState } from 'react';
import type { ConversationView, MemberView } from '../../utils/inbox/types';
import { slaCountdown } from '../../utils/inbox/sla-countdown';
import { displayName } from '../../utils/schemas/member';

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

const SNOOZES: Array<[string, number]> = [['1 hour', 3600_000], ['4 hours', 4 * 3600_000], ['Tomorrow', 24 * 3600_000]];

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
      {!p.online && <span className="offline" role="status">Offline: the inbox server is unreachable{p.outboxPending ? ` (${p.outboxPending} to send)` : ''}</span>}
      {p.state === 'resolving' && <span className="muted">Loading chat…</span>}
      {p.state === 'ambiguous' && <span className="muted">Two chats share this name: claim from the chat list with care</span>}
      {c && (
        <>
          <span className="pill" data-inbox="owner">
            {owner ? (
              <>
                <span className="owner-dot" style={{ background: owner.color }}>{owner.initials}</span>
                {mine ? 'You' : displayName(owner)}
              </>
            ) : (
              'Unassigned'
            )}
          </span>
          {!c.ownerId && <button className="primary" onClick={p.onClaim} disabled={!p.online}>Claim</button>}
          {(mine || (manager && c.ownerId)) && <button onClick={p.onRelease}>Release</button>}
          {(mine || manager) && (
            <select aria-label="Assign to" value="" onChange={(e) => e.target.value && p.onAssign(e.target.value)}>
              <option value="">Assign to…</option>
              {others.map((m) => <option key={m.id} value={m.id}>{displayName(m)}</option>)}
            </select>
          )}
          {c.ownerId && (mine || manager) && <button onClick={() => setHandoff({ to: others[0]?.id ?? '', note: '' })}>Handoff</button>}
          <select aria-label="Status" value={c.status} onChange={(e) => {
            const v = e.target.value as 'open' | 'pending' | 'resolved';
            p.onStatus(v, v === 'resolved' ? { reason: window.prompt('Closing reason (optional)') || undefined } : undefined);
          }}>
            {c.status === 'bot' && <option value="bot" disabled>bot</option>}
            <option value="open">open</option>
            <option value="pending">pending</option>
            {c.status === 'snoozed' && <option value="snoozed" disabled>snoozed</option>}
            <option value="resolved">resolved</option>
          </select>
          <select aria-label="Snooze" value="" onChange={(e) => e.target.value && p.onStatus('snoozed', { snoozedUntil: Date.now() + Number(e.target.value) })}>
            <option value="">Snooze…</option>
            {SNOOZES.map(([label, ms]) => <option key={label} value={ms}>{label}</option>)}
          </select>
          <select aria-label="Priority" value={c.priority} onChange={(e) => p.onPriority(e.target.value as 'normal')}>
            {['low', 'normal', 'high', 'urgent'].map((v) => <option key={v} value={v}>{v}</option>)}
          </select>
          {sla && <span className={`pill sla ${sla.state}`} data-inbox="sla" title={`${sla.target.replace('_', ' ')} due ${new Date(sla.dueAt).toLocaleTimeString()}`}>SLA {sla.label}</span>}
          <span className="pill muted" title="Queue">{c.queue}</span>
          {c.labels.map((l) => <span key={l} className="pill">{l}</span>)}
          <button aria-label="Labels" onClick={() => {
            const v = window.prompt('Labels, separated by commas', c.labels.join(', '));
            if (v !== null) p.onLabels(v.split(',').map((x) => x.trim()).filter(Boolean));
          }}>Labels…</button>
        </>
      )}
      <button onClick={p.onToggleContext} aria-label="Context">Context</button>
      {p.error && <span className="error" role="alert">{p.error}</span>}
      {handoff && (
        <div className="row">
          <select aria-label="Handoff to" value={handoff.to} onChange={(e) => setHandoff({ ...handoff, to: e.target.value })}>
            {others.map((m) => <option key={m.id} value={m.id}>{displayName(m)}</option>)}
          </select>
          <input aria-label="Handoff note" placeholder="What the next person needs to know" value={handoff.note} onChange={(e) => setHandoff({ ...handoff, note: e.target.value })} />
          <button className="primary" disabled={!handoff.to || !handoff.note.trim()} onClick={() => { p.onHandoff(handoff.to, handoff.note.trim()); setHandoff(null); }}>Hand off</button>
          <button onClick={() => setHandoff(null)}>Cancel</button>
        </div>
      )}
    </div>
  );
}
