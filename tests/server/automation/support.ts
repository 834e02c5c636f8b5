import type { Kysely } from 'kysely';
import { signWebhook } from '../../../server/webhook/verify';
import type { Database } from '../../../server/store/tables';

export const WID = '34600000001';

/** A delivery as an automation would send it: the raw body and its signature headers. */
export function signed(secret: string, body: unknown, opts: { nowMs: number; skewMs?: number }) {
  const raw = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const timestamp = String(Math.floor((opts.nowMs + (opts.skewMs ?? 0)) / 1000));
  return { raw, headers: { timestamp, signature: signWebhook(secret, timestamp, raw) } };
}

/** Every table a delivery could write to, counted for one workspace: "nothing stored" compares two of these. */
export async function rowCounts(db: Kysely<Database>, workspaceId: string) {
  const adb = db;
  const count = async (table: 'conversations' | 'events' | 'channels' | 'messages' | 'answers' | 'webhook_events' | 'flow_steps') => {
    const row = await adb
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const tables = ['conversations', 'events', 'channels', 'messages', 'answers', 'webhook_events', 'flow_steps'] as const;
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await count(t)] as const)));
}
