import type { AppDb, OutboxItem } from '../../utils/db/app-db';
import type { Report } from '../../utils/inbox/types';
import { toInboxError, type Api } from './api-client';

const newKey = () => `ob-${crypto.randomUUID()}`;

/** Not an answer about the report itself: the server was out of reach or asked to slow down. Retry it as it is. */
function mustWait(err: unknown): boolean {
  const e = toInboxError(err);
  return e.unreachable || e.code === 'TOO_MANY_REQUESTS';
}

/** Reports are written here first and sent in order; a replay carries the same idempotency key, so it applies once. */
export class Outbox {
  private flushing: Promise<void> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private db: AppDb,
    private api: () => Api | null,
    private onChange: () => void,
    private onReachability: (online: boolean) => void,
  ) {}

  enqueue(report: Report): Promise<void> {
    return this.enqueueAll([report]);
  }

  async enqueueAll(reports: Report[]): Promise<void> {
    if (reports.length === 0) return;
    const createdAt = Date.now();
    await this.db.outbox.bulkAdd(reports.map((report) => ({ key: newKey(), report, createdAt, attempts: 0, lastError: null })));
    this.onChange();
    void this.flush();
  }

  /** Single-flight: concurrent triggers (enqueue, alarm, reconnect) share one drain. */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async drain(): Promise<void> {
    const api = this.api();
    if (!api) return;
    for (;;) {
      const item = await this.db.outbox.orderBy('seq').first();
      if (!item) return;
      try {
        await this.send(api, item);
        this.onReachability(true);
      } catch (err) {
        const e = toInboxError(err);
        if (e.unreachable) {
          await this.db.outbox.update(item.seq!, { attempts: item.attempts + 1, lastError: e.message });
          this.onReachability(false);
          return;
        }
        // Rate-limited: the report is fine, the timing is not. Keep it (and everything after it) and try again later.
        if (e.code === 'TOO_MANY_REQUESTS') {
          await this.db.outbox.update(item.seq!, { attempts: item.attempts + 1, lastError: e.message });
          this.retryLater(e.details?.retryAfterMs ?? 1_000);
          return;
        }
        const r = item.report;
        await this.db.conflicts.put({
          key: item.key,
          kind: r.kind,
          conversationId: r.kind === 'activity' ? r.chatKey : r.conversationId,
          message: e.message,
          error: { code: e.code, details: e.details },
          at: Date.now(),
        });
      }
      await this.db.outbox.delete(item.seq!);
      this.onChange();
    }
  }

  private retryLater(ms: number) {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = null;
        void this.flush();
      },
      Math.min(Math.max(ms, 250), 60_000),
    );
  }

  private async send(api: Api, item: OutboxItem): Promise<void> {
    const r = item.report;
    switch (r.kind) {
      case 'message':
        await api.observations.message.mutate({
          conversationId: r.conversationId,
          direction: r.direction,
          at: r.at,
          messageId: r.messageId,
          fingerprint: r.fingerprint,
          backfill: r.backfill,
        });
        return;
      case 'activity': {
        const { chat, channelId, direction, at, unread, backfill, seenAt } = r;
        await api.observations.listActivity.mutate({ chat: { ...chat, channelId }, direction, at, unread, backfill, seenAt });
        return;
      }
      case 'held':
        await api.observations.held.mutate({ conversationId: r.conversationId, reason: r.reason, idempotencyKey: item.key });
        return;
      case 'override':
        await api.observations.override.mutate({
          conversationId: r.conversationId,
          reason: r.reason,
          at: r.at,
          messageId: r.messageId,
          idempotencyKey: item.key,
        });
        return;
      case 'unguarded':
        await api.observations.unguarded.mutate({
          conversationId: r.conversationId,
          at: r.at,
          messageId: r.messageId,
          fingerprint: r.fingerprint,
          path: r.path,
        });
        return;
      case 'send':
        return this.sendGuarded(api, item.key, r);
    }
  }

  /** A send made offline (or whose lease lapsed) is re-fenced: take the lock now, or log it as an override. */
  private async sendGuarded(api: Api, key: string, r: Extract<Report, { kind: 'send' }>): Promise<void> {
    if (r.token !== null) {
      try {
        await api.observations.send.mutate({ conversationId: r.conversationId, token: r.token, at: r.at, messageId: r.messageId, idempotencyKey: key });
        return;
      } catch (err) {
        if (mustWait(err)) throw err;
      }
    }
    try {
      const grant = await api.locks.acquire.mutate({ conversationId: r.conversationId });
      await api.observations.send.mutate({
        conversationId: r.conversationId,
        token: grant.token,
        at: r.at,
        messageId: r.messageId,
        idempotencyKey: `${key}:refenced`,
      });
    } catch (err) {
      if (mustWait(err)) throw err;
      await api.observations.override.mutate({
        conversationId: r.conversationId,
        reason: 'sent while the inbox server was unreachable; the chat had changed hands',
        at: r.at,
        messageId: r.messageId,
        idempotencyKey: `${key}:override`,
      });
      throw err;
    }
  }
}
