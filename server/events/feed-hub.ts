import type { EventView } from '../../utils/schemas/events';
import type { Store } from '../store/store';
import { conversationView } from '../services/conversation-view';
import { shareEvent } from './feed-frames';

// Small pages: a feed catching up yields to other requests after each one (see subscribe).
const PAGE = 100;
/** Recent events kept per workspace while it has subscribers (each carries its conversation): enough for a rep
 * resuming after a short drop; older gaps are read from the table. A hosted server holds one per active team. */
export const BUFFER = 500;
/** Events all feeds together hand out per turn of the event loop: past it they wait a turn, so requests get theirs. */
const EVENTS_PER_TURN = 250;

/** A budget of events per event-loop turn, shared by every feed of the hub; refilled at the next turn's check phase. */
class TurnBudget {
  private left = EVENTS_PER_TURN;
  private refillQueued = false;

  async take(n: number): Promise<void> {
    while (this.left <= 0) await new Promise((resolve) => setImmediate(resolve));
    this.left -= n;
    if (!this.refillQueued) {
      this.refillQueued = true;
      setImmediate(() => {
        this.left = EVENTS_PER_TURN;
        this.refillQueued = false;
      });
    }
  }
}

/** Event-table reads in flight at once across all feeds: catch-ups must leave pool connections to requests. */
const MAX_CONCURRENT_READS = 2;

/** A counting semaphore: at most `size` holders; the rest wait in order. */
class Gate {
  private waiting: Array<() => void> = [];
  private held = 0;
  constructor(private size: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.held >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.held++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.held--;
    }
  }
}

interface WorkspaceFeed {
  /** Highest id known committed (from signals or reads). */
  head: number;
  /** Recent events, contiguous by id, shared by every subscriber of the workspace. */
  buffer: EventView[];
  fetching: Promise<void> | null;
  waiters: Set<() => void>;
  /** Table reads in flight by cursor, with the head known when each started (see sharedRead). */
  inflight: Map<number, { head: number; page: Promise<EventView[]> }>;
}

/**
 * Fans committed events out to subscribers. A commit signal carries only an id; the hub reads the new rows
 * from the event table once per workspace and instance, so a lost signal or a late subscriber loses nothing.
 */
export class FeedHub {
  private feeds = new Map<string, WorkspaceFeed>();
  private unsubscribe: () => void;
  private turn = new TurnBudget();
  private reads = new Gate(MAX_CONCURRENT_READS);

  constructor(
    private store: Store,
    private now: () => number = Date.now,
  ) {
    this.unsubscribe = store.onPublish((ws, id) => this.signal(ws, id));
  }

  /**
   * A page of events after `after`, each carrying its conversation as it is now: read once per page for every
   * subscriber of this instance, so a rep's worker applies the change without asking for it.
   */
  private async readPage(workspaceId: string, after: number): Promise<EventView[]> {
    return this.reads.run(async () => {
      const events = await this.store.events.readAfter(workspaceId, after, PAGE);
      const ids = [...new Set(events.flatMap((e) => (e.conversationId ? [e.conversationId] : [])))];
      const convs = ids.length ? await this.store.conversations.byIds(workspaceId, ids) : [];
      const now = this.now();
      const views = new Map(convs.map((c) => [c.id, conversationView(c, now)]));
      return events.map((e) => {
        const conversation = e.conversationId ? views.get(e.conversationId) : undefined;
        return shareEvent(conversation ? { ...e, conversation } : e);
      });
    });
  }

  /** Events held in memory across every workspace's buffer (for tests and the soak bench). */
  bufferedEvents(): number {
    let n = 0;
    for (const f of this.feeds.values()) n += f.buffer.length;
    return n;
  }

  close(): void {
    this.unsubscribe();
    for (const f of this.feeds.values()) for (const w of f.waiters) w();
  }

  /** Tells waiters that events up to `id` exist; also used to poll after a reconnect of a cross-instance listener. */
  signal(workspaceId: string, id: number): void {
    const feed = this.feeds.get(workspaceId);
    if (!feed || id <= feed.head) return;
    feed.head = id;
    for (const w of feed.waiters) w();
  }

  private feed(workspaceId: string): WorkspaceFeed {
    let f = this.feeds.get(workspaceId);
    if (!f) {
      f = { head: 0, buffer: [], fetching: null, waiters: new Set(), inflight: new Map() };
      this.feeds.set(workspaceId, f);
    }
    return f;
  }

  /** Events after `cursor`, from the shared buffer when it covers them, else straight from the table. */
  private async readAfter(workspaceId: string, cursor: number): Promise<EventView[]> {
    const f = this.feed(workspaceId);
    const covered = () => f.buffer.length > 0 && cursor >= f.buffer[0].id - 1;
    if (covered() && f.head > f.buffer[f.buffer.length - 1].id) await this.refill(workspaceId, f);
    // Checked again after the refill: trimming to BUFFER may have dropped the events right after `cursor`.
    if (covered()) {
      const first = f.buffer[0].id;
      const last = f.buffer[f.buffer.length - 1].id;
      // Ids are contiguous per workspace, so the position of `cursor` in the buffer is arithmetic.
      if (cursor < last) return f.buffer.slice(cursor - first + 1, cursor - first + 1 + PAGE);
      if (f.head <= last) return [];
    }
    const events = await this.sharedRead(workspaceId, f, cursor);
    if (events.length) {
      // A full page may not be the end: take the head from the workspace's counter, else the buffer path stops here.
      const top = events.length === PAGE ? Math.max(events[events.length - 1].id, await this.committedHead(workspaceId)) : events[events.length - 1].id;
      if (top > f.head) f.head = top;
      const last = f.buffer[f.buffer.length - 1]?.id;
      if (last === undefined || events[0].id === last + 1) this.append(f, events);
    }
    return events;
  }

  /**
   * One table read for every subscriber after the same cursor: 5,000 sockets idle at the head, woken by one event
   * before the buffer holds anything, would otherwise queue 5,000 identical reads behind MAX_CONCURRENT_READS. A read
   * is joined only if it started once the head was already what it is now, so it sees every commit signalled so far;
   * later commits wake the subscriber again. Per feed: a feed made anew after its last subscriber left joins nothing.
   */
  private sharedRead(workspaceId: string, f: WorkspaceFeed, cursor: number): Promise<EventView[]> {
    const running = f.inflight.get(cursor);
    if (running && running.head >= f.head) return running.page;
    const entry = { head: f.head, page: this.readPage(workspaceId, cursor) };
    f.inflight.set(cursor, entry);
    const done = () => {
      if (f.inflight.get(cursor) === entry) f.inflight.delete(cursor);
    };
    entry.page.then(done, done);
    return entry.page;
  }

  /** The highest committed event id: the counter is bumped in the same transaction that inserts the events. */
  private async committedHead(workspaceId: string): Promise<number> {
    return this.store.events.head(workspaceId);
  }

  private append(f: WorkspaceFeed, events: EventView[]): void {
    f.buffer.push(...events);
    if (f.buffer.length > BUFFER) f.buffer = f.buffer.slice(-BUFFER);
  }

  private refill(workspaceId: string, f: WorkspaceFeed): Promise<void> {
    f.fetching ??= (async () => {
      try {
        const from = f.buffer[f.buffer.length - 1]?.id ?? 0;
        const events = await this.readPage(workspaceId, from);
        // A direct read may have appended these rows while this one was in flight: appending twice breaks the arithmetic.
        if (events.length && (f.buffer[f.buffer.length - 1]?.id ?? 0) === from) {
          this.append(f, events);
          const top = f.buffer[f.buffer.length - 1].id;
          if (top > f.head) f.head = top;
        }
      } finally {
        f.fetching = null;
      }
    })();
    return f.fetching;
  }

  /** Every event after `after`, in order, exactly once, until the signal aborts. Registers before reading. */
  async *subscribe(workspaceId: string, after: number, signal: AbortSignal): AsyncGenerator<EventView> {
    const f = this.feed(workspaceId);
    let wake: (() => void) | null = null;
    let pending = true;
    const waiter = () => {
      pending = true;
      wake?.();
    };
    f.waiters.add(waiter);
    const onAbort = () => wake?.();
    signal.addEventListener('abort', onAbort);
    let cursor = after;
    try {
      while (!signal.aborted) {
        if (!pending) await new Promise<void>((r) => (wake = r));
        wake = null;
        pending = false;
        for (;;) {
          const batch = await this.readAfter(workspaceId, cursor);
          if (batch.length) await this.turn.take(batch.length);
          for (const e of batch) {
            // A page is up to PAGE events: stop mid-page rather than hand an aborted consumer the rest of it.
            if (signal.aborted) return;
            if (e.id !== cursor + 1 && cursor !== after) throw new Error(`feed gap: ${cursor} -> ${e.id}`);
            cursor = e.id;
            yield e;
          }
          if (batch.length === 0 || signal.aborted) break;
        }
      }
    } finally {
      f.waiters.delete(waiter);
      // A workspace nobody follows here keeps nothing in memory; the next subscriber starts from the table.
      if (f.waiters.size === 0 && this.feeds.get(workspaceId) === f) this.feeds.delete(workspaceId);
      signal.removeEventListener('abort', onAbort);
    }
  }
}
