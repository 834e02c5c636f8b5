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

  /** Spends `n` events; a promise to await first only when this turn's budget is gone (no microtask otherwise). */
  take(n: number): Promise<void> | undefined {
    if (this.left <= 0) return this.waitThenTake(n);
    this.spend(n);
    return undefined;
  }

  private async waitThenTake(n: number): Promise<void> {
    while (this.left <= 0) await new Promise((resolve) => setImmediate(resolve));
    this.spend(n);
  }

  private spend(n: number) {
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

/**
 * Event-table reads in flight at once across all feeds: catch-ups must leave pool connections (10) to requests. At
 * 2,000 reps over 200 workspaces on one PostgreSQL instance every event needs a page read, and with 2 slots the
 * reads queued for seconds while the pool sat mostly idle (bench/pg-waits.ts): delivery p99 2.3 s with 2, 0.38 s
 * with 4, 0.12 s with 6 (bench:scale, one run each).
 */
const MAX_CONCURRENT_READS = 6;

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

/**
 * Writes events straight to a subscriber's connection, past its generator and tRPC's per-event machinery: a feed at
 * the head is handed new events in the hub's one pass over the workspace, with no promise per subscriber.
 */
export interface DirectWrite {
  /** Whether events can be written now: the connection's frame is known and it has room. */
  ready(): boolean;
  /** Writes the events in order, and never throws; false ends the subscription (its generator returns after these). */
  write(events: readonly EventView[]): boolean;
}

/**
 * One subscriber of a workspace. A class, with the abort listener as its `handleEvent`: 10,000 idle sockets hold one
 * each, and every closure per subscriber is memory per socket.
 */
class Follower {
  /** Waiting at the head for the hub to write to it directly; cleared when it is woken. */
  parked = false;
  /** Set when a direct write asked to end the subscription. */
  ended = false;
  /** Something may have happened since the generator last looked (set by wake). */
  pending = true;
  private resume: (() => void) | null = null;

  constructor(
    /** Id of the last event this subscriber was given, by its generator or by a direct write. */
    public cursor: number,
    readonly direct: DirectWrite | undefined,
  ) {}

  wake(): void {
    this.parked = false;
    this.pending = true;
    const resume = this.resume;
    this.resume = null;
    resume?.();
  }

  /** The signal's abort listener. */
  handleEvent(): void {
    this.wake();
  }

  /** Resolves at the next wake. */
  sleep(): Promise<void> {
    return new Promise<void>((resolve) => (this.resume = resolve));
  }
}

interface WorkspaceFeed {
  /** Highest id known committed (from signals or reads). */
  head: number;
  /** Recent events, contiguous by id, shared by every subscriber of the workspace. */
  buffer: EventView[];
  fetching: Promise<void> | null;
  followers: Set<Follower>;
  /** A pass writing new events to parked followers is running; `pushAgain` asks it for one more round. */
  pushing: boolean;
  pushAgain: boolean;
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
  /** Events handed out since start: written straight to a connection, or yielded by a generator (read by the tests). */
  readonly delivered = { written: 0, yielded: 0 };
  /** Events the committing code handed over instead of the hub reading them back (read by the tests). */
  handedOver = 0;

  constructor(
    private store: Store,
    private now: () => number = Date.now,
  ) {
    this.unsubscribe = store.onPublish((ws, id, events) => this.signal(ws, id, events));
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
    for (const f of this.feeds.values()) for (const follower of f.followers) follower.wake();
  }

  /**
   * Tells followers that events up to `id` exist; also used to poll after a reconnect of a cross-instance listener.
   * `events`: the events themselves, committed by this instance (see handOver).
   */
  signal(workspaceId: string, id: number, events?: readonly EventView[]): void {
    const feed = this.feeds.get(workspaceId);
    if (!feed) return;
    if (events?.length) this.handOver(feed, events);
    if (id <= feed.head) return;
    feed.head = id;
    let parked = false;
    for (const follower of feed.followers) {
      if (follower.parked) parked = true;
      else follower.wake();
    }
    if (parked) void this.push(workspaceId, feed);
  }

  /**
   * Events this instance just committed join the buffer when they follow on from its last one (or it is empty), so
   * that no follower reads back what was just written: on one instance the feed then reads the table only to catch
   * up. Anything else (a gap: another instance's commit, or a commit signalled out of order) is left to the reads.
   */
  private handOver(f: WorkspaceFeed, events: readonly EventView[]): void {
    const last = f.buffer[f.buffer.length - 1]?.id;
    if (last !== undefined && events[0].id !== last + 1) return;
    this.append(f, events.map(shareEvent));
    this.handedOver += events.length;
  }

  private feed(workspaceId: string): WorkspaceFeed {
    let f = this.feeds.get(workspaceId);
    if (!f) {
      f = { head: 0, buffer: [], fetching: null, followers: new Set(), pushing: false, pushAgain: false, inflight: new Map() };
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

  /** Buffered events after `cursor` (possibly none), or null when the buffer does not reach back to it. */
  private buffered(f: WorkspaceFeed, cursor: number): EventView[] | null {
    if (f.buffer.length === 0 || cursor < f.buffer[0].id - 1) return null;
    return f.buffer.slice(cursor - f.buffer[0].id + 1);
  }

  /**
   * Hands new events to every parked follower of a workspace: the buffer is brought up to the head once, then each
   * follower is written what it lacks, within the hub's per-turn budget. A follower the buffer does not cover, or
   * whose connection has no room, is woken to catch up through its generator, with backpressure. One pass at a time
   * per workspace, so a follower's writes stay in order.
   */
  private async push(workspaceId: string, f: WorkspaceFeed): Promise<void> {
    if (f.pushing) return void (f.pushAgain = true);
    f.pushing = true;
    try {
      do {
        f.pushAgain = false;
        try {
          while (f.buffer.length > 0 && f.head > f.buffer[f.buffer.length - 1].id) {
            const last = f.buffer[f.buffer.length - 1].id;
            await this.refill(workspaceId, f);
            if (f.buffer.length === 0 || f.buffer[f.buffer.length - 1].id === last) break;
          }
        } catch {
          // A failed read is each follower's own to meet: woken, it reads again and ends with the error if it repeats.
          for (const follower of f.followers) if (follower.parked) follower.wake();
          return;
        }
        // Followers at the head share a cursor: one slice for all of them.
        let sliceCursor = -1;
        let slice: EventView[] | null = null;
        for (const follower of [...f.followers]) {
          if (!follower.parked) continue;
          if (follower.cursor !== sliceCursor) {
            sliceCursor = follower.cursor;
            slice = this.buffered(f, sliceCursor);
          }
          const events = slice;
          if (events === null || !follower.direct?.ready()) {
            follower.wake();
            continue;
          }
          if (events.length === 0) continue;
          const wait = this.turn.take(events.length);
          // Waiting a turn lets the follower be woken meanwhile: it then reads for itself from its cursor.
          if (wait) {
            await wait;
            // The buffer may have moved meanwhile: slices are taken afresh.
            sliceCursor = -1;
            if (!follower.parked || !follower.direct.ready()) continue;
          }
          const batch = wait ? (this.buffered(f, follower.cursor) ?? []) : events;
          if (batch.length === 0) continue;
          follower.cursor = batch[batch.length - 1].id;
          this.delivered.written += batch.length;
          if (!follower.direct.write(batch)) {
            follower.ended = true;
            follower.wake();
          }
        }
      } while (f.pushAgain);
    } finally {
      f.pushing = false;
    }
  }

  /**
   * Every event after `after`, in order, exactly once, until the signal aborts. Registers before reading. With
   * `direct`, a subscriber that has caught up parks: new events are then written to it by the hub's pass (see push)
   * instead of being yielded, until it falls behind or its connection fills up, when it reads and yields again.
   */
  async *subscribe(workspaceId: string, after: number, signal: AbortSignal, direct?: DirectWrite): AsyncGenerator<EventView> {
    const f = this.feed(workspaceId);
    const follower = new Follower(after, direct);
    f.followers.add(follower);
    signal.addEventListener('abort', follower);
    try {
      while (!signal.aborted && !follower.ended) {
        if (!follower.pending) {
          follower.parked = direct?.ready() === true;
          const woken = follower.sleep();
          // A parked follower may be behind already (the last read raced a commit): the pass catches it up.
          if (follower.parked && f.head > follower.cursor) void this.push(workspaceId, f);
          await woken;
        }
        follower.pending = false;
        if (follower.ended) break;
        for (;;) {
          const batch = await this.readAfter(workspaceId, follower.cursor);
          if (batch.length) {
            const wait = this.turn.take(batch.length);
            if (wait) await wait;
          }
          for (const e of batch) {
            // A page is up to PAGE events: stop mid-page rather than hand an aborted consumer the rest of it.
            if (signal.aborted) return;
            if (e.id !== follower.cursor + 1 && follower.cursor !== after) throw new Error(`feed gap: ${follower.cursor} -> ${e.id}`);
            follower.cursor = e.id;
            this.delivered.yielded++;
            yield e;
          }
          if (batch.length === 0 || signal.aborted) break;
        }
      }
    } finally {
      follower.parked = false;
      f.followers.delete(follower);
      // A workspace nobody follows here keeps nothing in memory; the next subscriber starts from the table.
      if (f.followers.size === 0 && this.feeds.get(workspaceId) === f) this.feeds.delete(workspaceId);
      signal.removeEventListener('abort', follower);
    }
  }
}
