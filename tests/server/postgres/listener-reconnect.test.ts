import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../../server/store/postgres';
import type { Store } from '../../../server/store/store';
import { dropSchema, PG_URL, uniqueSchema } from '../support/stores';

/**
 * The cross-instance listener through a database outage, in-process: store A reaches PostgreSQL through a TCP
 * proxy that the test cuts (every connection dropped, new ones refused) and restores; store B, direct, plays
 * the other instance. A must retry with one reconnect loop (not one more per failure), catch up on what B
 * committed during the outage, and hear B's notifications again afterwards.
 */

const schema = uniqueSchema('listen');
const stores: Store[] = [];
let proxy: Awaited<ReturnType<typeof tcpProxy>> | null = null;
afterAll(async () => {
  for (const s of stores.splice(0)) await s.close().catch(() => undefined);
  await proxy?.close();
  await dropSchema(schema);
});

/** A loopback TCP proxy to PostgreSQL that can drop every connection and refuse new ones. */
async function tcpProxy(target: { host: string; port: number }) {
  let down = false;
  let attempts = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    attempts++;
    if (down) return void client.destroy();
    const upstream = net.connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const s of [client, upstream]) {
      s.on('error', close);
      s.on('close', close);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    attempts: () => attempts,
    cut() {
      down = true;
      for (const s of [...sockets]) s.destroy();
    },
    restore() {
      down = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of [...sockets]) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function listenersOfThisProcess(): Promise<number> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    const { rows } = await c.query("select count(*)::int as n from pg_stat_activity where application_name = $1 and query ilike 'listen %'", [
      `inbox-listen ${process.pid}`,
    ]);
    return rows[0].n as number;
  } finally {
    await c.end();
  }
}

describe('the LISTEN connection through a database outage', () => {
  it('reconnects with a single backing-off loop, re-announces heads committed meanwhile, and hears notifications again', async () => {
    const target = new URL(PG_URL);
    proxy = await tcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(PG_URL);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    viaProxy.searchParams.set('schema', schema);
    const direct = new URL(PG_URL);
    direct.searchParams.set('schema', schema);
    const b = await createPostgresStore(direct.toString());
    stores.push(b);
    const a = await createPostgresStore(viaProxy.toString());
    stores.push(a);
    expect(await listenersOfThisProcess()).toBe(2);

    const heard: number[] = [];
    a.onPublish((ws, id) => {
      if (ws === 'w_outage') heard.push(id);
    });
    await b.db.insertInto('workspaces').values({ id: 'w_outage', name: 'Outage', settings: '{}', last_event_id: 0, created_at: Date.now() }).execute();
    /** "Commit" on B: bump the head and publish it, as a mutation does after its commit. */
    const commit = async () => {
      const { last_event_id } = await b.db
        .updateTable('workspaces')
        .set((eb) => ({ last_event_id: eb('last_event_id', '+', 1) }))
        .where('id', '=', 'w_outage')
        .returning('last_event_id')
        .executeTakeFirstOrThrow();
      b.publish('w_outage', Number(last_event_id));
      return Number(last_event_id);
    };
    const waitHeard = async (id: number, ms: number) => {
      const deadline = Date.now() + ms;
      while (!heard.includes(id) && Math.max(0, ...heard) < id) {
        if (Date.now() > deadline) return false;
        await sleep(10);
      }
      return true;
    };
    expect(await waitHeard(await commit(), 3_000)).toBe(true);

    // The outage: A's connections drop and every reconnect fails for 3 s while B commits twice.
    const before = proxy.attempts();
    proxy.cut();
    await sleep(300);
    await commit();
    const missed = await commit();
    await sleep(2_700);
    const attempts = proxy.attempts() - before;
    // One loop backing off from 100 ms: a handful of tries (plus at most one pool connect of the 5 s safety
    // poll); a loop forked on every failure would be in the dozens by now.
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(attempts).toBeLessThanOrEqual(12);
    expect(heard).not.toContain(missed);

    proxy.restore();
    const tUp = Date.now();
    // Back: the reconnect re-announces the head, so what B committed during the outage is signalled.
    expect(await waitHeard(missed, 10_000)).toBe(true);
    const catchUpMs = Date.now() - tUp;
    expect(await listenersOfThisProcess()).toBe(2);
    // And live notifications flow again: each of five spaced commits is heard by its own id (the safety poll
    // announces only the head every 5 s, so it could account for one of them at most).
    const live: number[] = [];
    for (let i = 0; i < 5; i++) {
      live.push(await commit());
      await sleep(250);
    }
    const deadline = Date.now() + 5_000;
    while (!live.every((id) => heard.includes(id)) && Date.now() < deadline) await sleep(20);
    expect(live.filter((id) => heard.includes(id))).toEqual(live);
    // Still exactly one listener for A after all that (plus B's).
    await sleep(500);
    expect(await listenersOfThisProcess()).toBe(2);
    console.info(`listener outage: ${attempts} connection attempts in 3 s of outage, head re-announced ${catchUpMs} ms after the database came back`);
  }, 60_000);
});
