/**
 * What a chat-list row's activity means for its conversation. The row says only the newest message's direction,
 * the unread count and a time label of minute precision, so the rules compare minutes, never milliseconds.
 */
export const MINUTE_MS = 60_000;
export const floorMinute = (t: number) => Math.floor(t / MINUTE_MS) * MINUTE_MS;

export interface RowReport {
  direction: 'in' | 'out';
  /** The row's time label as a time (its minute); null when the label could not be read. */
  at: number | null;
  unread: number;
  backfill: boolean;
  /** When the reporting browser saw the row change. */
  seenAt: number;
}

export interface KnownState {
  /** The newest customer message the server has recorded for the chat, from any source. */
  newestInboundAt: number | null;
  waitingSince: number | null;
  /** Someone holds the reply lock: a guarded send in flight reports itself, so the row's reply is theirs. */
  lockHeld: boolean;
}

export type RowDecision =
  | { kind: 'skip'; why: 'read' | 'known' | 'not-waiting' | 'guarded-send' | 'older-reply' | 'no-time' }
  | { kind: 'customer' | 'reply'; at: number; dedupeKey: string };

/** Several reps report the same row: the dedupe key names the activity, so each is applied once. */
export function decideRowActivity(r: RowReport, known: KnownState, now: number): RowDecision {
  const seen = Math.min(r.seenAt, now);
  if (r.direction === 'in') {
    // Read rows are open in some rep's WhatsApp, whose open-chat reader reports the message itself.
    if (r.unread === 0) return { kind: 'skip', why: 'read' };
    if (r.at === null && r.backfill && known.newestInboundAt !== null) return { kind: 'skip', why: 'no-time' };
    const minute = r.at === null ? floorMinute(seen) : floorMinute(r.at);
    if (known.newestInboundAt !== null && floorMinute(known.newestInboundAt) >= minute) return { kind: 'skip', why: 'known' };
    // A fresh change happened when it was seen; history only has its label's minute.
    const at = r.backfill ? Math.min(minute, seen) : Math.max(minute, seen);
    return { kind: 'customer', at, dedupeKey: `row:in:${minute}` };
  }
  if (known.waitingSince === null) return { kind: 'skip', why: 'not-waiting' };
  if (known.lockHeld) return { kind: 'skip', why: 'guarded-send' };
  if (r.at === null && r.backfill) return { kind: 'skip', why: 'no-time' };
  const minute = r.at === null ? floorMinute(seen) : floorMinute(r.at);
  if (minute < floorMinute(known.waitingSince)) return { kind: 'skip', why: 'older-reply' };
  const at = Math.max(r.backfill ? minute : seen, known.waitingSince);
  return { kind: 'reply', at, dedupeKey: `row:out:${minute}` };
}

/**
 * An inbound message reported by id from an open chat may be the one a row already reported (the row came first
 * in another rep's list): the newest list record, not yet tied to an id, within two minutes, is that message.
 */
export const LIST_MATCH_WINDOW_MS = 2 * MINUTE_MS;
