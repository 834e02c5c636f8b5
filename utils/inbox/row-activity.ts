/**
 * Decides which chat-list rows are worth telling the server about. A tab sees every row for the first time when it
 * loads (or when a row scrolls into view): that is backfill, reported only where the server may not know it. After
 * that, a row whose newest message is newer than what this tab saw is news.
 */
export interface RowSight {
  /** The chat: its JID when the DOM gives one, else its normalised title. */
  key: string;
  title: string;
  jid: string | null;
  isGroup: boolean;
  direction: 'in' | 'out';
  /** The time label as a time (minute or day precision); null when unreadable. */
  at: number | null;
  unread: number;
  /** The chat open in this tab: its open-chat reader reports its messages. */
  selected: boolean;
}

/** What the tab's copy of the workspace says about the row's chat; null when it has no record of it. */
export interface KnownChat {
  waiting: boolean;
  /** Someone holds the reply lock: their guarded send will report the reply itself. */
  lockHeld: boolean;
}

export interface RowActivity {
  chat: { title: string; jid?: string; kind: 'direct' | 'group' };
  direction: 'in' | 'out';
  at: number | null;
  unread: number;
  backfill: boolean;
  seenAt: number;
}

interface Seen {
  direction: 'in' | 'out';
  at: number | null;
  unread: number;
}

const MINUTE_MS = 60_000;

export class RowActivityTracker {
  private seen = new Map<string, Seen>();

  /** @param startedAt when this tab began watching; a first sight of a message stamped later than that is news. */
  constructor(private startedAt: number) {}

  see(row: RowSight, known: KnownChat | null, now: number): RowActivity | null {
    const prev = this.seen.get(row.key);
    this.seen.set(row.key, { direction: row.direction, at: row.at, unread: row.unread });
    if (row.selected) return null;
    const report = (backfill: boolean): RowActivity => ({
      chat: { title: row.title, ...(row.jid ? { jid: row.jid } : {}), kind: row.isGroup ? 'group' : 'direct' },
      direction: row.direction,
      at: row.at,
      unread: row.unread,
      backfill,
      seenAt: now,
    });
    if (row.direction === 'in') {
      if (row.unread === 0) return null;
      if (!prev) {
        // Its label's minute began after this tab started watching: it arrived while we watched, just off screen.
        if (row.at !== null && row.at >= Math.ceil(this.startedAt / MINUTE_MS) * MINUTE_MS) return report(false);
        return known?.waiting ? null : report(true);
      }
      const newer = prev.direction !== 'in' || (row.at !== null && (prev.at === null || row.at > prev.at)) || row.unread > prev.unread;
      return newer ? report(false) : null;
    }
    // A reply no guarded tab made (the phone): only worth saying while the chat waits and nobody is mid-send.
    if (!known?.waiting || known.lockHeld) return null;
    if (!prev) return report(true);
    const newer = prev.direction !== 'out' || (row.at !== null && (prev.at === null || row.at > prev.at));
    return newer ? report(false) : null;
  }

  /** Forgets what was seen (signed in again, the linked number changed): every row is a first sight again. */
  reset(now: number) {
    this.seen.clear();
    this.startedAt = now;
  }
}
