import { useState } from 'react';

export interface HeldSend {
  reason: 'owned-by-other' | 'locked-by-other' | 'claim-lost' | 'bot' | 'traffic-cop' | 'offline' | 'unknown-chat';
  ownerName: string | null;
  holderName: string | null;
}

export interface GuardDialogProps {
  held: HeldSend;
  canTakeOver: boolean;
  busy: boolean;
  error: string | null;
  onRequestHandoff(): void;
  onTakeOver(reason: string): void;
  onSendAnyway(reason: string): void;
  onAcknowledge(): void;
  onCancel(): void;
}

function explain(h: HeldSend): string {
  switch (h.reason) {
    case 'owned-by-other': return `${h.ownerName ?? 'A teammate'} owns this chat${h.holderName ? ` and ${h.holderName} is replying` : ''}.`;
    case 'locked-by-other': return `${h.holderName ?? 'A teammate'} is replying to this customer right now.`;
    case 'claim-lost': return `${h.ownerName ?? 'A teammate'} claimed this chat first.`;
    case 'bot': return 'The bot is handling this chat. Take over?';
    case 'traffic-cop': return 'A new message arrived in this chat after you started typing. Read it before sending.';
    case 'offline': return 'The inbox server is unreachable: an unassigned chat can only be claimed when it is back.';
    case 'unknown-chat': return 'This chat is still being loaded. Try again in a moment.';
  }
}

/** The held-send dialog of the composer guard (product spec section 3). */
export function GuardDialog(p: GuardDialogProps) {
  const [mode, setMode] = useState<'choose' | 'takeover' | 'anyway'>('choose');
  const [reason, setReason] = useState('');
  const h = p.held;
  const contested = h.reason === 'owned-by-other' || h.reason === 'locked-by-other' || h.reason === 'claim-lost' || h.reason === 'bot';
  return (
    <div className="backdrop">
      <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="inbox-guard-title" data-inbox="guard" data-reason={h.reason}>
        <h2 id="inbox-guard-title">{h.reason === 'traffic-cop' ? 'New message in this chat' : 'Message not sent'}</h2>
        <p>{explain(h)}</p>
        {p.error && <p className="error" role="alert">{p.error}</p>}
        {mode !== 'choose' && (
          <input autoFocus aria-label="Reason" placeholder={mode === 'takeover' ? 'Why you are taking over' : 'Why you must send anyway'} value={reason} onChange={(e) => setReason(e.target.value)} />
        )}
        <div className="actions">
          {h.reason === 'traffic-cop' && <button className="primary" onClick={p.onAcknowledge} disabled={p.busy}>I have read it, send</button>}
          {contested && mode === 'choose' && (
            <>
              {h.reason !== 'bot' && <button onClick={p.onRequestHandoff} disabled={p.busy}>Request handoff</button>}
              {p.canTakeOver && <button onClick={() => setMode('takeover')}>Take over</button>}
              <button className="danger" onClick={() => setMode('anyway')}>Send anyway…</button>
            </>
          )}
          {mode === 'takeover' && <button className="primary" disabled={!reason.trim() || p.busy} onClick={() => p.onTakeOver(reason.trim())}>Take over and send</button>}
          {mode === 'anyway' && <button className="danger" disabled={!reason.trim() || p.busy} onClick={() => p.onSendAnyway(reason.trim())}>Send anyway</button>}
          <button onClick={p.onCancel}>Cancel</button>
        </div>
      </div>
    </div>
  );
}
