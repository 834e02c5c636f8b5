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
          <strong>Duplicate reply slipped past the guard.</strong>{' '}
          {n.mine
            ? <>Your message in {n.chatTitle} went out although {n.ownerName} was handling it.</>
            : <>{n.senderName} sent a message in {n.chatTitle}, your chat.</>}
          <span className="muted"> Sent through: {n.path}</span>
          <button onClick={() => p.onDismiss(n.eventId)}>Dismiss</button>
        </div>
      ))}
    </div>
  );
}
