/**
 * What the inbox server's PostgreSQL connections are doing, sampled: run beside a bench step to see whether its
 * latency is spent in the database (waiting on a lock, on the WAL flush of a commit, on the client) or in Node.
 * Every BENCH_PG_WAITS_EVERY_MS (default 50) for BENCH_PG_WAITS_S (default 30) seconds it reads pg_stat_activity for
 * connections whose application_name starts with "inbox " (the server's pool names itself so), and prints the share
 * of samples per state and wait event; writes the same to BENCH_RESULTS (default bench/results/pg-waits.json).
 *
 *   BENCH_PG_WAITS_S=30 node --import tsx bench/pg-waits.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DB_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const EVERY_MS = Number(process.env.BENCH_PG_WAITS_EVERY_MS ?? 50);
const SECONDS = Number(process.env.BENCH_PG_WAITS_S ?? 30);
const OUT = path.resolve(process.env.BENCH_RESULTS ?? path.join(ROOT, 'bench', 'results', 'pg-waits.json'));

async function main() {
  const client = new pg.Client({ connectionString: DB_URL });
  await client.connect();
  const counts = new Map<string, number>();
  let samples = 0;
  let connections = 0;
  const end = Date.now() + SECONDS * 1000;
  while (Date.now() < end) {
    const { rows } = await client.query<{ state: string | null; wait: string | null }>(
      `select state, coalesce(wait_event_type || ':' || wait_event, 'on CPU') as wait
         from pg_stat_activity where application_name like 'inbox %'`,
    );
    samples++;
    connections += rows.length;
    for (const r of rows) {
      // An idle connection waits for the client (ClientRead): that is Node's time, not the database's.
      const key = `${r.state ?? 'unknown'} / ${r.wait}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    await new Promise((resolve) => setTimeout(resolve, EVERY_MS));
  }
  await client.end();
  const total = [...counts.values()].reduce((a, b) => a + b, 0) || 1;
  const shares = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([what, n]) => ({ what, share: Number((n / total).toFixed(3)), perSample: Number((n / samples).toFixed(2)) }));
  console.log(`${samples} samples, ${(connections / Math.max(1, samples)).toFixed(1)} server connections on average`);
  for (const s of shares) console.log(`${String(s.perSample).padStart(6)} connections  ${(s.share * 100).toFixed(1).padStart(5)} %  ${s.what}`);
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, JSON.stringify({ date: new Date().toISOString(), everyMs: EVERY_MS, seconds: SECONDS, samples, shares }, null, 1));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
