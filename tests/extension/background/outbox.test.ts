import { beforeEach, describe, expect, it } from 'vitest';
import { TRPCClientError } from '@trpc/client';
import { AppDb } from '../../../utils/db/app-db';
import { Outbox } from '../../../entrypoints/background/outbox';
import type { Api } from '../../../entrypoints/background/api-client';

type Call = { path: string; input: Record<string, unknown> };

/** A stand-in for the tRPC client: records calls, and can be made unreachable or refuse with a code. */
function fakeApi() {
  const calls: Call[] = [];
  let reachable = false;
  const refuse = new Set<string>();
  /** Paths answered with TOO_MANY_REQUESTS (retry in 250 ms), once each. */
  const limited = new Set<string>();
  const fail = (path: string) => {
    if (!reachable) throw new TypeError('Failed to fetch');
    if (refuse.has(path)) throw new TRPCClientError('refused', { result: { error: { data: { code: 'CONFLICT' } } } } as never);
    if (limited.delete(path))
      throw new TRPCClientError('too many requests: try again in 1 s', {
        result: { error: { data: { code: 'TOO_MANY_REQUESTS', details: { retryAfterMs: 250 } } } },
      } as never);
  };
  const proc = (path: string) => ({
    mutate: async (input: Record<string, unknown>) => {
      fail(path);
      calls.push({ path, input });
      return path === 'locks.acquire' ? { token: 42, expiresAt: Date.now() + 15_000 } : { ok: true };
    },
  });
  const api = {
    observations: {
      message: proc('observations.message'),
      held: proc('observations.held'),
      override: proc('observations.override'),
      send: proc('observations.send'),
    },
    locks: { acquire: proc('locks.acquire') },
  } as unknown as Api;
  return { api, calls, refuse, limited, setReachable: (v: boolean) => (reachable = v) };
}

describe('Outbox: reports replayed in order, exactly once', () => {
  let db: AppDb;
  beforeEach(async () => {
    db = new AppDb(`outbox-${Math.random()}`);
    await db.open();
  });

  it('keeps reports while the server is unreachable and sends each once when it is back', async () => {
    const f = fakeApi();
    const reach: boolean[] = [];
    const outbox = new Outbox(
      db,
      () => f.api,
      () => undefined,
      (online) => reach.push(online),
    );
    await outbox.enqueue({ kind: 'held', conversationId: 'c1', reason: 'owned-by-other' });
    await outbox.enqueue({ kind: 'message', conversationId: 'c1', direction: 'in', at: 1, messageId: 'm1' });
    await outbox.flush();
    expect(f.calls).toHaveLength(0);
    expect(await db.outbox.count()).toBe(2);
    expect(reach).toContain(false);
    f.setReachable(true);
    await Promise.all([outbox.flush(), outbox.flush(), outbox.flush()]);
    expect(f.calls.map((c) => c.path)).toEqual(['observations.held', 'observations.message']);
    expect(await db.outbox.count()).toBe(0);
    const keys = f.calls.filter((c) => c.input.idempotencyKey).map((c) => c.input.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('a batch of reports is kept in its order, behind what was queued before, each with its own key', async () => {
    const f = fakeApi();
    const outbox = new Outbox(
      db,
      () => f.api,
      () => undefined,
      () => undefined,
    );
    await outbox.enqueue({ kind: 'held', conversationId: 'c0', reason: 'owned-by-other' });
    await outbox.enqueueAll([
      { kind: 'held', conversationId: 'c1', reason: 'owned-by-other' },
      { kind: 'held', conversationId: 'c2', reason: 'owned-by-other' },
      { kind: 'held', conversationId: 'c3', reason: 'owned-by-other' },
    ]);
    await outbox.enqueueAll([]);
    expect(await db.outbox.count()).toBe(4);
    f.setReachable(true);
    await outbox.flush();
    expect(f.calls.map((c) => c.input.conversationId)).toEqual(['c0', 'c1', 'c2', 'c3']);
    const keys = f.calls.map((c) => c.input.idempotencyKey);
    expect(new Set(keys).size).toBe(4);
  });

  it('keeps a rate-limited report (and those behind it) and sends them, in order, once the server allows', async () => {
    const f = fakeApi();
    f.setReachable(true);
    f.limited.add('observations.held');
    f.limited.add('locks.acquire');
    const reach: boolean[] = [];
    const outbox = new Outbox(
      db,
      () => f.api,
      () => undefined,
      (online) => reach.push(online),
    );
    await outbox.enqueue({ kind: 'held', conversationId: 'c1', reason: 'owned-by-other' });
    await outbox.enqueue({ kind: 'send', conversationId: 'c2', token: null, at: 5, messageId: 'm5' });
    await outbox.flush();
    expect(f.calls).toHaveLength(0);
    expect(await db.outbox.count()).toBe(2);
    // Rate-limited is not offline, and nothing was given up as a conflict.
    expect(reach).not.toContain(false);
    const deadline = Date.now() + 5_000;
    while ((await db.outbox.count()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    // The send's lock was limited too: it waited again, then was re-fenced, not logged as an override.
    expect(f.calls.map((c) => c.path)).toEqual(['observations.held', 'locks.acquire', 'observations.send']);
    expect(await db.conflicts.count()).toBe(0);
  });

  it('re-fences an offline send: takes the lock now and reports with the new token', async () => {
    const f = fakeApi();
    f.setReachable(true);
    const outbox = new Outbox(
      db,
      () => f.api,
      () => undefined,
      () => undefined,
    );
    await outbox.enqueue({ kind: 'send', conversationId: 'c1', token: null, at: 5, messageId: 'm9' });
    await outbox.flush();
    expect(f.calls.map((c) => c.path)).toEqual(['locks.acquire', 'observations.send']);
    expect(f.calls[1].input).toMatchObject({ token: 42, messageId: 'm9' });
  });

  it('a send whose chat changed hands meanwhile is logged as an override and shown as a conflict', async () => {
    const f = fakeApi();
    f.setReachable(true);
    f.refuse.add('locks.acquire');
    const outbox = new Outbox(
      db,
      () => f.api,
      () => undefined,
      () => undefined,
    );
    await outbox.enqueue({ kind: 'send', conversationId: 'c1', token: null, at: 5 });
    await outbox.flush();
    expect(f.calls.map((c) => c.path)).toEqual(['observations.override']);
    expect(await db.conflicts.count()).toBe(1);
    expect(await db.outbox.count()).toBe(0);
  });
});
