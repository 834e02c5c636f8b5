/**
 * Server benchmark: spawns the real server on a temp SQLite file and measures, over loopback HTTP, the no-op
 * floor (events.ping), claim and lock-renew latency at 1 and 32 clients, claim throughput at 32 clients, and
 * claim-to-event delivery latency with 1 and 200 SSE subscribers. Writes bench/results/server.json.
 *
 * Client side, on purpose: plain node:http requests speaking the tRPC HTTP protocol (GET ?input= for queries,
 * POST JSON body for mutations, no batching, no transformer) over a keep-alive agent, and raw SSE parsing of
 * events.feed, so the figures measure the server rather than the tRPC client. BENCH_CPU_PROF=<dir> runs the
 * server under --cpu-prof and prints the functions with the most self time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = path.join(ROOT, 'bench', 'results', 'server.json');
const BUDGET_MS = 115_000;
const started = performance.now();
const elapsed = () => performance.now() - started;

const TARGETS = { claimP99Ms: 5, deliveryP99Ms200: 100 };

interface Latency {
  n: number;
  p50: number;
  p99: number;
  max: number;
  /** Requests completed per second over the measured window, all clients together. */
  perSecond: number;
  /** Server process CPU (user+system) per HTTP request in the window: less sensitive to a busy machine than latency. */
  serverCpuMsPerRequest?: number | null;
}

let serverPid = 0;
/** Phase windows on the monotonic clock V8 stamps profile samples with, to split the server's profile by phase. */
const phases: Array<{ name: string; startUs: number; endUs: number }> = [];
const nowUs = () => Number(process.hrtime.bigint() / 1000n);
async function phase<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const startUs = nowUs();
  try {
    return await fn();
  } finally {
    phases.push({ name, startUs, endUs: nowUs() });
  }
}
const CLK_TCK = 100;
/** CPU the server process has used so far, from /proc (Linux); null elsewhere. */
function serverCpuMs(): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${serverPid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return null;
  }
}

// ---------- server process ----------

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

interface Server {
  child: ChildProcess;
  port: number;
  output: string[];
  stop(): Promise<void>;
}

async function startServer(file: string, port: number, profDir: string | undefined): Promise<Server> {
  const args = [...(profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []), '--import', 'tsx', 'server/index.ts'];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: file, LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let stderr = '';
  child.stdout!.on('data', (b) => output.push(...String(b).split('\n')));
  child.stderr!.on('data', (b) => (stderr += String(b)));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${stderr}`);
    const up = await new Promise<boolean>((resolve) => {
      http.get({ host: '127.0.0.1', port, path: '/health', agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      }).on('error', () => resolve(false));
    });
    if (up && output.some((l) => l.includes('Admin invite code:'))) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start: ${stderr}`);
    }
    await sleep(100);
  }
  return {
    child,
    port,
    output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

// ---------- tRPC over plain HTTP ----------

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

class RpcError extends Error {
  constructor(public status: number, public body: string) {
    super(`HTTP ${status}: ${body.slice(0, 300)}`);
  }
}

function rpc<T>(port: number, kind: 'query' | 'mutation', proc: string, input: unknown, token?: string): Promise<T> {
  const body = kind === 'mutation' ? JSON.stringify(input ?? {}) : undefined;
  const qs = kind === 'query' && input !== undefined ? `?input=${encodeURIComponent(JSON.stringify(input))}` : '';
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  return new Promise<T>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: `/trpc/${proc}${qs}`, method: kind === 'mutation' ? 'POST' : 'GET', headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new RpcError(res.statusCode ?? 0, text));
        resolve((JSON.parse(text) as { result: { data: T } }).result.data);
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

// ---------- SSE subscribers ----------

interface Subscriber {
  /** Arrival time (performance.now) of each event id received. */
  arrivals: Map<number, number>;
  connected: Promise<void>;
  close(): void;
}

/** One events.feed stream, parsed by hand: only the `id:` lines matter for delivery timing. */
function subscribe(port: number, token: string, lastEventId: number, sseAgent: http.Agent): Subscriber {
  const arrivals = new Map<number, number>();
  const input = encodeURIComponent(JSON.stringify({ lastEventId: String(lastEventId) }));
  const params = encodeURIComponent(JSON.stringify({ token }));
  let onConnected: () => void = () => undefined;
  let onFailed: (e: Error) => void = () => undefined;
  const connected = new Promise<void>((resolve, reject) => {
    onConnected = resolve;
    onFailed = reject;
  });
  let isConnected = false;
  const req = http.get({ host: '127.0.0.1', port, path: `/trpc/events.feed?input=${input}&connectionParams=${params}`, headers: { accept: 'text/event-stream' }, agent: sseAgent }, (res) => {
    if (res.statusCode !== 200) return onFailed(new Error(`feed HTTP ${res.statusCode}`));
    res.setEncoding('utf8');
    let buf = '';
    res.on('data', (chunk: string) => {
      const now = performance.now();
      buf += chunk;
      let cut: number;
      while ((cut = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        if (block.startsWith('event: connected') || block.includes('\nevent: connected')) {
          isConnected = true;
          onConnected();
          continue;
        }
        if (block.includes('event: serialized-error')) onFailed(new Error(`feed error: ${block}`));
        const m = /^id: ?(\d+)$/m.exec(block);
        if (m && !/^event:/m.test(block)) arrivals.set(Number(m[1]), now);
      }
    });
  });
  req.on('error', (e) => {
    if (!isConnected) onFailed(e);
  });
  return { arrivals, connected, close: () => req.destroy() };
}

// ---------- measurement helpers ----------

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function summarise(samples: number[], windowMs: number): Latency {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] ?? NaN;
  return { n: s.length, p50: round(q(0.5)), p99: round(q(0.99)), max: round(s[s.length - 1] ?? NaN), perSecond: Math.round((s.length / windowMs) * 1000) };
}
const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Runs `clients` loops of `op` until each did `perClient` timed calls or the time cap passes, after `warmup`
 * untimed calls each. `op` returns the latency to record (or null to record nothing).
 */
async function run(clients: number, perClient: number, warmup: number, capMs: number, op: (client: number, i: number) => Promise<number | null>, requestsPerSample = 1): Promise<Latency> {
  await Promise.all(Array.from({ length: clients }, async (_, c) => {
    for (let i = 0; i < warmup; i++) await op(c, -1 - i);
  }));
  const samples: number[] = [];
  const cpu0 = serverCpuMs();
  const t0 = performance.now();
  const stopAt = t0 + capMs;
  await Promise.all(Array.from({ length: clients }, async (_, c) => {
    for (let i = 0; i < perClient && performance.now() < stopAt; i++) {
      const ms = await op(c, i);
      if (ms !== null) samples.push(ms);
    }
  }));
  const out = summarise(samples, performance.now() - t0);
  const cpu1 = serverCpuMs();
  out.serverCpuMsPerRequest = cpu0 === null || cpu1 === null ? null : round((cpu1 - cpu0) / (samples.length * requestsPerSample));
  return out;
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const out = await fn();
  return [performance.now() - t, out];
}

/** Ends a phase early when the whole run nears its budget, so the bench stays under ~2 minutes. */
const cap = (wanted: number) => Math.max(500, Math.min(wanted, BUDGET_MS - elapsed() - 20_000));

// ---------- the run ----------

async function main() {
  const profDir = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inbox-bench-'));
  const file = path.join(dir, 'bench.sqlite');
  const port = await freePort();
  const loadBefore = os.loadavg();
  const server = await startServer(file, port, profDir);
  serverPid = server.child.pid!;
  const log = (msg: string) => process.stderr.write(`[${(elapsed() / 1000).toFixed(1)}s] ${msg}\n`);
  try {
    log(`server up on 127.0.0.1:${port} (pid ${server.child.pid}), db ${file}`);
    const code = server.output.join('\n').match(/Admin invite code: (\S+)/)![1];
    const admin = await rpc<{ token: string }>(port, 'mutation', 'auth.redeemInvite', { code, name: 'Bench Admin' });

    const CLIENTS = 32;
    const PAIRS_PER_CLIENT = 24;
    const agents = await Promise.all(Array.from({ length: CLIENTS }, async (_, i) => {
      const inv = await rpc<{ code: string }>(port, 'mutation', 'members.invite', { name: `Agent ${i}`, role: 'agent' }, admin.token);
      return (await rpc<{ token: string }>(port, 'mutation', 'auth.redeemInvite', { code: inv.code })).token;
    }));
    const channel = await rpc<{ id: string }>(port, 'mutation', 'conversations.resolveChannel', { wid: '34600000001' }, admin.token);
    const makeConv = async (n: number) => {
      const out = await rpc<{ conversation: { id: string } }>(port, 'mutation', 'conversations.resolve', { channelId: channel.id, jid: `${34700000000 + n}@c.us` }, admin.token);
      return out.conversation.id;
    };
    // Per client: conversations for claim/release pairs (also the claim-only throughput pool) and one for its lock.
    const convs: string[][] = await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
      const ids: string[] = [];
      for (let k = 0; k < PAIRS_PER_CLIENT; k++) ids.push(await makeConv(c * 1000 + k));
      return ids;
    }));
    const lockConvs = await Promise.all(Array.from({ length: CLIENTS }, (_, c) => makeConv(c * 1000 + 999)));
    log(`setup: ${CLIENTS} agents, ${CLIENTS * (PAIRS_PER_CLIENT + 1)} conversations`);

    // (a) the floor: a query that touches no database and needs no token.
    const ping = async () => (await timed(() => rpc(port, 'query', 'events.ping', undefined)))[0];
    const ping1 = await phase('ping, 1 client', () => run(1, 3_000, 300, cap(6_000), ping));
    const ping32 = await phase('ping, 32 clients', () => run(CLIENTS, 250, 20, cap(6_000), ping));
    log(`ping done`);

    // (b) claim latency: claim then release the same conversation, cycling over the client's set; only the claim is timed.
    const claimOp = async (c: number, i: number) => {
      const conv = convs[c][((i % PAIRS_PER_CLIENT) + PAIRS_PER_CLIENT) % PAIRS_PER_CLIENT];
      const [ms, out] = await timed(() => rpc<{ changed: boolean }>(port, 'mutation', 'assignment.claim', { conversationId: conv }, agents[c]));
      if (!out.changed) throw new Error('a benchmark claim did not change state');
      await rpc(port, 'mutation', 'assignment.release', { conversationId: conv }, agents[c]);
      return ms;
    };
    const claim1 = await phase('claim, 1 client', () => run(1, 1_000, 100, cap(8_000), claimOp, 2));
    const claim32 = await phase('claim, 32 clients', () => run(CLIENTS, 80, 5, cap(10_000), claimOp, 2));
    log(`claims done`);

    // (c) lock renew latency: each client holds the reply lock on its own conversation and renews it.
    const lockTokens = await Promise.all(lockConvs.map((conv, c) => rpc<{ token: number }>(port, 'mutation', 'locks.acquire', { conversationId: conv }, agents[c]).then((r) => r.token)));
    const renew = async (c: number) => (await timed(() => rpc(port, 'mutation', 'locks.renew', { conversationId: lockConvs[c], token: lockTokens[c] }, agents[c])))[0];
    const renew1 = await phase('lock renew, 1 client', () => run(1, 1_500, 100, cap(6_000), renew));
    const renew32 = await phase('lock renew, 32 clients', () => run(CLIENTS, 100, 5, cap(8_000), renew));
    await Promise.all(lockConvs.map((conv, c) => rpc(port, 'mutation', 'locks.release', { conversationId: conv, token: lockTokens[c] }, agents[c])));
    log(`renews done`);

    // (d) claim throughput: 32 clients claim every conversation of their set (claims only), then release untimed; 3 rounds.
    let claimed = 0;
    let claimMs = 0;
    let claimCpuMs: number | null = 0;
    const throughputStartUs = nowUs();
    for (let round = 0; round < 3 && elapsed() < BUDGET_MS - 45_000; round++) {
      const cpu0 = serverCpuMs();
      const t0 = performance.now();
      await Promise.all(convs.map(async (ids, c) => {
        for (const conv of ids) {
          const out = await rpc<{ changed: boolean }>(port, 'mutation', 'assignment.claim', { conversationId: conv }, agents[c]);
          if (out.changed) claimed++;
        }
      }));
      claimMs += performance.now() - t0;
      const cpu1 = serverCpuMs();
      claimCpuMs = claimCpuMs === null || cpu0 === null || cpu1 === null ? null : claimCpuMs + cpu1 - cpu0;
      await Promise.all(convs.map(async (ids, c) => {
        for (const conv of ids) await rpc(port, 'mutation', 'assignment.release', { conversationId: conv }, agents[c]);
      }));
    }
    phases.push({ name: 'claim throughput (claims + untimed releases)', startUs: throughputStartUs, endUs: nowUs() });
    const claimsPerSecond = Math.round((claimed / claimMs) * 1000);
    const claimOnlyCpu = claimCpuMs === null ? null : round(claimCpuMs / claimed);
    log(`throughput done`);

    // (e) claim-to-event delivery: one claimer; each subscriber timestamps the event's arrival by its SSE id.
    const delivery = async (subscribers: number, claims: number) => {
      const sseAgent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
      const conv = convs[0][0];
      const first = await rpc<{ eventId: number }>(port, 'mutation', 'assignment.claim', { conversationId: conv }, agents[0]);
      const rel = await rpc<{ eventId: number }>(port, 'mutation', 'assignment.release', { conversationId: conv }, agents[0]);
      const head = Math.max(first.eventId, rel.eventId);
      const subs = Array.from({ length: subscribers }, (_, i) => subscribe(port, agents[i % CLIENTS], head, sseAgent));
      await Promise.all(subs.map((s) => s.connected));
      const elu0 = performance.eventLoopUtilization();
      const cpu0 = serverCpuMs();
      let requests = 0;
      const sent = new Map<number, number>();
      const stopAt = performance.now() + cap(15_000);
      for (let i = 0; i < claims + 5 && performance.now() < stopAt; i++) {
        const t = performance.now();
        const out = await rpc<{ eventId: number }>(port, 'mutation', 'assignment.claim', { conversationId: conv }, agents[0]);
        // The first five are warm-up: connections and buffers settle.
        if (i >= 5) sent.set(out.eventId, t);
        const until = performance.now() + 2_000;
        while (subs.some((s) => !s.arrivals.has(out.eventId)) && performance.now() < until) await sleep(1);
        const released = await rpc<{ eventId: number }>(port, 'mutation', 'assignment.release', { conversationId: conv }, agents[0]);
        while (subs.some((s) => !s.arrivals.has(released.eventId)) && performance.now() < until + 2_000) await sleep(1);
        requests += 2;
      }
      const cpu1 = serverCpuMs();
      const elu = performance.eventLoopUtilization(elu0);
      const samples: number[] = [];
      let missing = 0;
      for (const [id, t] of sent) {
        for (const s of subs) {
          const at = s.arrivals.get(id);
          if (at === undefined) missing++;
          else samples.push(at - t);
        }
      }
      for (const s of subs) s.close();
      sseAgent.destroy();
      const serverCpuMsPerRequest = cpu0 === null || cpu1 === null ? null : round((cpu1 - cpu0) / requests);
      return { ...summarise(samples, 1), perSecond: undefined, serverCpuMsPerRequest, claims: sent.size, subscribers, missing, benchEventLoopUtilization: round(elu.utilization) };
    };
    const delivery1 = await phase('delivery, 1 subscriber', () => delivery(1, 200));
    const delivery200 = await phase('delivery, 200 subscribers', () => delivery(200, 60));
    log(`delivery done`);

    const ratio = (x: number, floor: number) => Math.round((x / floor) * 10) / 10;
    const cpuCell = (x: number | null | undefined) => (x === null || x === undefined ? '' : x.toFixed(3));
    const rows: string[][] = [];
    const lat = (name: string, l: Omit<Latency, 'perSecond'> & { perSecond?: number }, floor: Latency) =>
      rows.push([name, `${l.p50.toFixed(3)} / ${l.p99.toFixed(3)}`, `${ratio(l.p50, floor.p50)}x / ${ratio(l.p99, floor.p99)}x`, String(l.n), l.perSecond !== undefined ? `${l.perSecond}/s` : '', cpuCell(l.serverCpuMsPerRequest)]);
    lat('ping, 1 client (floor)', ping1, ping1);
    lat('ping, 32 clients (floor)', ping32, ping32);
    lat('claim, 1 client', claim1, ping1);
    lat('claim, 32 clients', claim32, ping32);
    lat('lock renew, 1 client', renew1, ping1);
    lat('lock renew, 32 clients', renew32, ping32);
    rows.push(['claims/s, 32 clients (claim-only)', '', `${ratio(claimsPerSecond, ping32.perSecond)}x of ping/s`, String(claimed), `${claimsPerSecond}/s`, cpuCell(claimOnlyCpu)]);
    lat('claim->event, 1 subscriber', delivery1, ping1);
    lat('claim->event, 200 subscribers', delivery200, ping1);

    const head = ['figure', 'p50 / p99 ms', 'vs floor (p50 / p99)', 'samples', 'rate', 'server CPU ms/req'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
    const targets = {
      claimP99AtOneClient: { target: `<= ${TARGETS.claimP99Ms} ms`, actual: claim1.p99, pass: claim1.p99 <= TARGETS.claimP99Ms },
      claimP99At32Clients: { target: `<= ${TARGETS.claimP99Ms} ms`, actual: claim32.p99, pass: claim32.p99 <= TARGETS.claimP99Ms },
      deliveryP99With200: { target: `<= ${TARGETS.deliveryP99Ms200} ms`, actual: delivery200.p99, pass: delivery200.p99 <= TARGETS.deliveryP99Ms200 && delivery200.missing === 0 },
    };
    const loadAfter = os.loadavg();
    console.log('\nServer benchmark (SQLite, loopback HTTP, keep-alive node:http client, raw SSE; subscribers in the bench process)');
    console.log(`machine: ${os.cpus().length} cpus (${os.cpus()[0]?.model ?? '?'}), node ${process.version}, load average ${loadBefore[0].toFixed(1)} -> ${loadAfter[0].toFixed(1)}\n`);
    console.log(line(head));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const r of rows) console.log(line(r));
    console.log(`\nbench event-loop utilisation during delivery: ${delivery1.benchEventLoopUtilization} (1 sub), ${delivery200.benchEventLoopUtilization} (200 subs); missing deliveries: ${delivery1.missing + delivery200.missing}`);
    console.log('\ntargets:');
    for (const [name, t] of Object.entries(targets)) console.log(`  ${t.pass ? 'PASS' : 'FAIL'}  ${name}: ${t.actual} ms (target ${t.target})`);

    const result = {
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, node: process.version, platform: `${os.platform()} ${os.release()}`, loadAverage: { before: loadBefore, after: loadAfter } },
      date: new Date().toISOString(),
      method: {
        client: 'node:http keep-alive agent (maxSockets 64), tRPC HTTP protocol by hand: GET ?input= for queries, POST JSON for mutations, unbatched, no transformer',
        subscribers: 'raw SSE over node:http in the bench process, one connection each; arrival timestamped on the data chunk carrying the event id',
        latencyUnit: 'ms, client-side round trip',
        claims: 'claim+release pairs cycling over 24 conversations per client; only the claim is timed; every timed claim changes state',
        throughput: '32 clients each claim their 24 unowned conversations (claims only), releases untimed between rounds; up to 3 rounds',
        delivery: 'one claimer: claim, wait until every subscriber has the event, release; latency = arrival - time the claim request was sent; 5 warm-up claims',
        warmup: 'untimed calls per client before each latency phase',
        cpuProfile: profDir ?? null,
      },
      sqlite: {
        ping: { clients1: ping1, clients32: ping32 },
        claim: { clients1: claim1, clients32: claim32 },
        lockRenew: { clients1: renew1, clients32: renew32 },
        claimsPerSecond: { clients32: claimsPerSecond, claims: claimed, windowMs: Math.round(claimMs), serverCpuMsPerClaim: claimOnlyCpu },
        delivery: { subscribers1: delivery1, subscribers200: delivery200 },
        ratiosToFloor: {
          claimP50x1: ratio(claim1.p50, ping1.p50), claimP99x1: ratio(claim1.p99, ping1.p99),
          claimP50x32: ratio(claim32.p50, ping32.p50), claimP99x32: ratio(claim32.p99, ping32.p99),
          renewP50x1: ratio(renew1.p50, ping1.p50), renewP99x1: ratio(renew1.p99, ping1.p99),
          renewP50x32: ratio(renew32.p50, ping32.p50), renewP99x32: ratio(renew32.p99, ping32.p99),
          deliveryP99x200: ratio(delivery200.p99, ping1.p99),
        },
        targets,
      },
      totalSeconds: Math.round(elapsed() / 100) / 10,
    };
    fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
    fs.writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\nwrote ${path.relative(ROOT, RESULTS)} in ${result.totalSeconds} s`);
  } finally {
    agent.destroy();
    await server.stop();
    if (profDir) printProfile(profDir);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }
interface Profile { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] }

/**
 * Self time (busy only, idle excluded) per package and per function from the server's main-thread .cpuprofile,
 * for the whole run and for each phase (samples are matched to phases by their monotonic timestamps).
 */
function printProfile(dir: string) {
  const load = (f: string) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Profile;
  const busyOf = (p: Profile) => {
    const idle = new Set(p.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
    return p.samples.reduce((sum, id, i) => sum + (idle.has(id) ? 0 : p.timeDeltas[i] ?? 0), 0);
  };
  // tsx runs a loader thread that writes its own profile; the server is the busiest one.
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  const best = files.map((f) => ({ f, p: load(f) })).map((x) => ({ ...x, busy: busyOf(x.p) })).sort((a, b) => b.busy - a.busy)[0];
  if (!best) return console.log(`no .cpuprofile in ${dir}`);
  const prof = best.p;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const buckets = new Map<string, { fn: Map<string, number>; pkg: Map<string, number>; busy: number; wall: number }>();
  const bucket = (name: string, wall: number) => {
    if (!buckets.has(name)) buckets.set(name, { fn: new Map(), pkg: new Map(), busy: 0, wall });
    return buckets.get(name)!;
  };
  bucket('whole run', 0);
  for (const ph of phases) bucket(ph.name, ph.endUs - ph.startUs);
  let t = prof.startTime;
  prof.samples.forEach((id, i) => {
    const dt = prof.timeDeltas[i] ?? 0;
    t += dt;
    const f = byId.get(id)!.callFrame;
    if (f.functionName === '(idle)') return;
    const url = f.url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '');
    const key = `${f.functionName || '(anonymous)'} ${url ? `${url}:${f.lineNumber + 1}` : ''}`.trim();
    const parts = url.split('/');
    const owner = url.startsWith('node_modules/') ? parts.slice(1, parts[1].startsWith('@') ? 3 : 2).join('/') : url.startsWith('node:') ? 'node internals' : url ? 'app (server/, utils/)' : f.functionName;
    const ph = phases.find((p) => t >= p.startUs && t <= p.endUs);
    for (const b of ph ? [bucket('whole run', 0), bucket(ph.name, 0)] : [bucket('whole run', 0)]) {
      b.fn.set(key, (b.fn.get(key) ?? 0) + dt);
      b.pkg.set(owner, (b.pkg.get(owner) ?? 0) + dt);
      b.busy += dt;
    }
  });
  const top = (m: Map<string, number>, busy: number, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => `    ${((us / busy) * 100).toFixed(1).padStart(5)}%  ${k}`).join('\n');
  console.log(`\nserver CPU profile ${path.join(dir, best.f)} (busy time only; % of each section's busy time)`);
  for (const [name, b] of buckets) {
    if (b.busy === 0) continue;
    const util = b.wall ? `, server CPU ${((b.busy / b.wall) * 100).toFixed(0)}% of the phase's wall time` : '';
    console.log(`\n  ${name}: ${(b.busy / 1000).toFixed(0)} ms busy${util}`);
    console.log(`   by package:\n${top(b.pkg, b.busy, name === 'whole run' ? 10 : 6)}`);
    console.log(`   by function:\n${top(b.fn, b.busy, name === 'whole run' ? 20 : 10)}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
