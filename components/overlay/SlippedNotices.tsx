import { t } from '../../utils/i18n/t';

export interface SlippedNoticeView {
  eventId: number;
  chatTitle: string;
  senderName: string;
  /** Who owned the chat or was answering it: the teammate the send went past. */
  ownerName: string;
  /** True when this member sent it, false when it went past them. */
  mine: boolean;
  path: string;
}

/** Slipped collisions (product spec section 3): both the sender and the owner are told at once. */
export function SlippedNotices(p: { notices: SlippedNoticeView[]; onDismiss(eventId: number): void }) {
  if (p.notices.length === 0) return null;
  return (
    <div className="notices" role="status" aria-live="assertive">
      {p.notices.map((n) => (
        <div key={n.eventId} className="notice" data-inbox="slipped-notice" data-path={n.path}>
          <strong>{t('slipped.title')}</strong>{' '}
          {n.mine ? t('slipped.mine', { chat: n.chatTitle, owner: n.ownerName }) : t('slipped.theirs', { sender: n.senderName, chat: n.chatTitle })}
          <span className="muted"> {t('slipped.path', { path: n.path })}</span>
          <button onClick={() => p.onDismiss(n.eventId)}>{t('common.dismiss')}</button>
        </div>
      ))}
    </div>
  );
}
