import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../../server/store/postgres';
import type { Store } from '../../../server/store/store';
import { dropSchema, PG_URL, uniqueSchema } from '../support/stores';

/**
 * Each commit signal reaches every instance exactly once: the committing instance hears it in-process and skips
 * the echo of its own NOTIFY (which would cost every listener a second round of work per commit); the others
 * hear the NOTIFY.
 */
const schema = uniqueSchema('echo');
const stores: Store[] = [];
afterAll(async () => {
  for (const s of stores.splice(0)) await s.close().catch(() => undefined);
  await dropSchema(schema);
});

describe('commit signals across two instances', () => {
  it('reach the committing instance once (in-process) and the other instance once (NOTIFY)', async () => {
    const url = `${PG_URL}?schema=${schema}`;
    const a = await createPostgresStore(url);
    stores.push(a);
    const b = await createPostgresStore(url);
    stores.push(b);
    const heard = { a: [] as string[], b: [] as string[] };
    a.onPublish((ws, id) => heard.a.push(`${ws} ${id}`));
    b.onPublish((ws, id) => heard.b.push(`${ws} ${id}`));
    for (let id = 1; id <= 5; id++) {
      a.publish('ws_echo', id);
      // Spaced out, so the notifier does not merge them into one.
      await sleep(60);
    }
    const expected = [1, 2, 3, 4, 5].map((id) => `ws_echo ${id}`);
    const deadline = Date.now() + 3_000;
    while (heard.b.length < expected.length && Date.now() < deadline) await sleep(20);
    // Time for a late echo to show up, were it not skipped.
    await sleep(300);
    expect(heard.a).toEqual(expected);
    expect(heard.b).toEqual(expected);
  });
});
