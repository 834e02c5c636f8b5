/**
 * npm run bench:claim-cost: what one claim costs the server on SQLite, next to the no-op ping, and where its time
 * goes statement by statement. The server runs in this process (startServer on a temp SQLite file, as `npm start`
 * runs it) and is called over loopback HTTP the way bench:server calls it (no batching, keep-alive), 16 callers at
 * once. Every better-sqlite3 statement execution is timed (the native call, which includes SQLite's own work and
 * the WAL write of a commit), so the statements' share of a claim is measured, not guessed.
 *
 * Figures: CPU of this process (server and callers together) per claim and per ping, over BENCH_CLAIMS claims
 * (default 3,000, three rounds, the first a warm-up) and as many pings; statements per claim; microseconds per claim
 * for each statement. Writes bench/results/claim-cost.json (BENCH_RESULTS elsewhere).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import SqliteDatabase from 'better-sqlite3';
import { startServer } from '../server/app';
import { readEnv } from '../server/env';
import { ROOT } from './support/server-process';
import { rpc } from './support/wire';

const CLAIMS = Number(process.env.BENCH_CLAIMS ?? 3000);
const CALLERS = 16;
const RESULTS = process.env.BENCH_RESULTS ? path.resolve(process.env.BENCH_RESULTS) : path.join(ROOT, 'bench', 'results', 'claim-cost.json');

// Every statement of every connection shares one prototype: wrapping it times all of them.
const statement = Object.getPrototypeOf(new SqliteDatabase(':memory:').prepare('select 1')) as Record<string, (...a: unknown[]) => unknown>;
let timing: Map<string, { n: number; ms: number }> | null = null;
for (const method of ['all', 'run', 'get']) {
  const original = statement[method];
  statement[method] = function (this: { source: string }, ...args: unknown[]) {
    if (!timing) return original.apply(this, args);
    const t0 = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      const key = this.source.replace(/\s+/g, ' ').slice(0, 90);
      const s = timing.get(key) ?? { n: 0, ms: 0 };
      s.n++;
      s.ms += performance.now() - t0;
      timing.set(key, s);
    }
  };
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** Runs `calls` calls of `call(i)` from CALLERS concurrent callers; returns CPU ms per call. */
async function measure(calls: number, call: (i: number) => Promise<unknown>): Promise<number> {
  const c0 = cpuMs();
  await Promise.all(
    Array.from({ length: CALLERS }, async (_, w) => {
      for (let i = w; i < calls; i += CALLERS) await call(i);
    }),
  );
  return (cpuMs() - c0) / calls;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inbox-claim-cost-'));
  const env = readEnv({
    ...process.env,
    DATABASE_URL: path.join(dir, 'inbox.sqlite'),
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    RATE_LIMIT_MEMBER: '1000000/1000000',
    RATE_LIMIT_ANONYMOUS: '1000000/1000000',
  });
  const server = await startServer(env);
  try {
    const port = server.port;
    const admin = await rpc<{ token: string }>(port, 'mutation', 'auth.redeemInvite', { code: server.firstInvite!.code, name: 'Bench Admin' });
    const invite = await rpc<{ code: string }>(port, 'mutation', 'members.invite', { name: 'Agent', role: 'agent' }, admin.token);
    const agent = (await rpc<{ token: string }>(port, 'mutation', 'auth.redeemInvite', { code: invite.code })).token;
    const channel = await rpc<{ id: string }>(port, 'mutation', 'conversations.resolveChannel', { wid: '34600000001' }, admin.token);
    const rounds = 3;
    const perRound = Math.ceil(CLAIMS / rounds);
    const convs: string[] = [];
    for (let k = 0; k < perRound * rounds; k++) {
      const out = await rpc<{ conversation: { id: string } }>(
        port,
        'mutation',
        'conversations.resolve',
        { channelId: channel.id, jid: `${34700000000 + k}@c.us` },
        admin.token,
      );
      convs.push(out.conversation.id);
    }
    // One claim alone first: the statements it runs, in order.
    timing = new Map();
    await rpc(port, 'mutation', 'assignment.claim', { conversationId: convs[0] }, agent);
    await new Promise((r) => setTimeout(r, 200));
    const oneClaim = [...timing.keys()];
    const rows: Array<{ round: number; claimCpuMs: number; pingCpuMs: number; statements: Map<string, { n: number; ms: number }> }> = [];
    for (let round = 0; round < rounds; round++) {
      timing = new Map();
      const base = round * perRound;
      // Claims of conversations nobody owns (each a change, with its event), then as many pings.
      const claimCpuMs = await measure(perRound - (round === 0 ? 1 : 0), (i) =>
        rpc(port, 'mutation', 'assignment.claim', { conversationId: convs[base + i + (round === 0 ? 1 : 0)] }, agent),
      );
      const statements = timing;
      timing = null;
      const pingCpuMs = await measure(perRound, () => rpc(port, 'query', 'events.ping', undefined));
      rows.push({ round, claimCpuMs, pingCpuMs, statements });
      console.log(`round ${round}${round === 0 ? ' (warm-up)' : ''}: CPU per claim ${claimCpuMs.toFixed(3)} ms, per ping ${pingCpuMs.toFixed(3)} ms`);
    }
    const measured = rows.slice(1);
    const claims = measured.length * perRound;
    const merged = new Map<string, { n: number; ms: number }>();
    for (const r of measured)
      for (const [k, v] of r.statements) {
        const m = merged.get(k) ?? { n: 0, ms: 0 };
        m.n += v.n;
        m.ms += v.ms;
        merged.set(k, m);
      }
    const perStatement = [...merged]
      .map(([sql, v]) => ({ sql, perClaim: Math.round((v.n / claims) * 100) / 100, usPerClaim: Math.round((v.ms * 1000 * 10) / claims) / 10 }))
      .sort((a, b) => b.usPerClaim - a.usPerClaim);
    const statementsUs = perStatement.reduce((a, s) => a + s.usPerClaim, 0);
    const claimCpuMs = measured.reduce((a, r) => a + r.claimCpuMs, 0) / measured.length;
    const pingCpuMs = measured.reduce((a, r) => a + r.pingCpuMs, 0) / measured.length;
    const result = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model?.trim() ?? null, node: process.version },
      method:
        'server in this process on a temp SQLite file, called over loopback HTTP by 16 concurrent callers in the same process; CPU is the whole process (server + callers) per call; statement time is the better-sqlite3 native call, summed per statement text; three rounds, the first a warm-up and left out',
      claimsMeasured: claims,
      cpuMsPerClaim: Math.round(claimCpuMs * 1000) / 1000,
      cpuMsPerPing: Math.round(pingCpuMs * 1000) / 1000,
      claimOverPing: Math.round((claimCpuMs / pingCpuMs) * 100) / 100,
      statementsOfOneClaim: oneClaim,
      statementUsPerClaim: Math.round(statementsUs * 10) / 10,
      perStatement,
    };
    console.log(
      `\nper claim: ${result.cpuMsPerClaim} ms CPU (ping ${result.cpuMsPerPing} ms, ${result.claimOverPing}x), of which SQLite statements ${result.statementUsPerClaim} µs:`,
    );
    for (const s of perStatement) console.log(`  ${String(s.usPerClaim).padStart(6)} µs  x${s.perClaim}  ${s.sql}`);
    fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
    fs.writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\nwrote ${path.relative(ROOT, RESULTS)}`);
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
