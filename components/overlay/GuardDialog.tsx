import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { t } from '../../utils/i18n/t';
import type { HoldReason } from '../../utils/schemas/conversation';
import { useWorkspaceRules } from './use-workspace-rules';

export interface HeldSend {
  reason: HoldReason;
  ownerName: string | null;
  holderName: string | null;
  /** A held forward: the picked chats that hold it (the rep can untick them and forward to the rest). */
  chats?: string[];
}

export interface GuardDialogProps {
  held: HeldSend;
  /** What the role allows (managers; anyone from the bot); an agent is also offered it where the team's rules allow. */
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
  const why = explainOne(h);
  if (!h.chats?.length) return why;
  return t('guard.notForwarded', { chats: h.chats.join(', '), why, count: h.chats.length });
}

function explainOne(h: HeldSend): string {
  const teammate = t('common.aTeammate');
  switch (h.reason) {
    case 'owned-by-other':
      return h.holderName
        ? t('guard.ownedAndReplying', { owner: h.ownerName ?? teammate, holder: h.holderName })
        : t('guard.owned', { owner: h.ownerName ?? teammate });
    case 'locked-by-other':
      return t('guard.replying', { holder: h.holderName ?? teammate });
    // A claim refused because a teammate holds the reply lock names who is typing, not an owner there is none of.
    case 'claim-lost':
      return !h.ownerName && h.holderName ? t('guard.replying', { holder: h.holderName }) : t('guard.claimedFirst', { owner: h.ownerName ?? teammate });
    case 'bot':
      return t('guard.bot');
    case 'traffic-cop':
      return t('guard.trafficCop');
    case 'offline':
      return t('guard.offline');
    case 'unknown-chat':
      return t('guard.unknownChat');
  }
}

/** The held-send dialog of the composer guard (product spec section 3). */
export function GuardDialog(p: GuardDialogProps) {
  const [mode, setMode] = useState<'choose' | 'takeOver' | 'anyway'>('choose');
  const [reason, setReason] = useState('');
  const h = p.held;
  const rules = useWorkspaceRules();
  const canTakeOver = p.canTakeOver || rules?.agentsCanTakeOver === true;
  const contested = h.reason === 'owned-by-other' || h.reason === 'locked-by-other' || h.reason === 'claim-lost' || h.reason === 'bot';
  const dialog = useRef<HTMLDivElement>(null);
  // Focus moves into the dialog when it opens, so Escape and Tab reach it rather than the composer behind it.
  useEffect(() => focusables(dialog.current)[0]?.focus(), [mode]);
  const submit = () => {
    const r = reason.trim();
    if (!r || p.busy) return;
    if (mode === 'takeOver') p.onTakeOver(r);
    if (mode === 'anyway') p.onSendAnyway(r);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    e.stopPropagation();
    if (e.key === 'Escape') {
      e.preventDefault();
      return p.onCancel();
    }
    if (e.key === 'Tab') trapTab(e, dialog.current);
  };
  return (
    <div className="backdrop">
      <div
        ref={dialog}
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="inbox-guard-title"
        aria-describedby="inbox-guard-text"
        data-inbox="guard"
        data-reason={h.reason}
        onKeyDown={onKeyDown}
      >
        <h2 id="inbox-guard-title">{h.reason === 'traffic-cop' ? t('guard.titleNewMessage') : t('guard.titleNotSent')}</h2>
        <p id="inbox-guard-text">{explain(h)}</p>
        {p.error && (
          <p className="error" role="alert">
            {p.error}
          </p>
        )}
        {mode !== 'choose' && (
          <input
            aria-label={t('guard.reason')}
            placeholder={mode === 'takeOver' ? t('guard.reasonTakeOver') : t('guard.reasonSendAnyway')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && submit()}
          />
        )}
        <div className="actions">
          {h.reason === 'traffic-cop' && (
            <button className="primary" onClick={p.onAcknowledge} disabled={p.busy}>
              {t('guard.readItSend')}
            </button>
          )}
          {contested && mode === 'choose' && (
            <>
              {h.reason !== 'bot' && (
                <button onClick={p.onRequestHandoff} disabled={p.busy}>
                  {t('guard.requestHandoff')}
                </button>
              )}
              {canTakeOver && <button onClick={() => setMode('takeOver')}>{t('guard.takeOver')}</button>}
              <button className="danger" onClick={() => setMode('anyway')}>
                {t('guard.sendAnywayEllipsis')}
              </button>
            </>
          )}
          {mode === 'takeOver' && (
            <button className="primary" disabled={!reason.trim() || p.busy} onClick={submit}>
              {t('guard.takeOverAndSend')}
            </button>
          )}
          {mode === 'anyway' && (
            <button className="danger" disabled={!reason.trim() || p.busy} onClick={submit}>
              {t('guard.sendAnyway')}
            </button>
          )}
          <button onClick={p.onCancel}>{t('common.cancel')}</button>
        </div>
      </div>
    </div>
  );
}

const FOCUSABLE = 'button:not([disabled]), input:not([disabled])';

function focusables(root: HTMLElement | null): HTMLElement[] {
  return root ? Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)) : [];
}

/** Tab and Shift+Tab cycle inside the dialog (aria-modal): focus never falls to the page behind it. */
function trapTab(e: KeyboardEvent<HTMLDivElement>, root: HTMLElement | null) {
  const items = focusables(root);
  if (items.length === 0) return;
  const active = (root!.getRootNode() as Document | ShadowRoot).activeElement;
  const i = items.indexOf(active as HTMLElement);
  const next = e.shiftKey ? (i <= 0 ? items.length - 1 : i - 1) : i === items.length - 1 ? 0 : i + 1;
  e.preventDefault();
  items[next]!.focus();
}
