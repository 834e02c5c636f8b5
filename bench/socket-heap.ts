/**
 * npm run bench:socket-heap: what an idle feed socket keeps in the server's JS heap, by kind of object. Starts the
 * server (temp SQLite file) with --heapsnapshot-signal, takes a heap snapshot, opens BENCH_SOCKETS (default 2,000)
 * idle feed sockets the way bench:scale's idle part does (10 per member, each subscribed at the head), takes a second
 * snapshot, and prints the difference per object kind (V8's node type and constructor or function name) divided by
 * the number of sockets. Loopback only; writes bench/results/socket-heap.json (BENCH_RESULTS elsewhere).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, ROOT, sleep, startServer, type Server } from './support/server-process';
import { openFeedSocket, rpc } from './support/wire';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 2000);
const PER_MEMBER = 10;
const RESULTS = process.env.BENCH_RESULTS ? path.resolve(process.env.BENCH_RESULTS) : path.join(ROOT, 'bench', 'results', 'socket-heap.json');

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Count and bytes per object kind in one snapshot file. */
function byKind(file: string): Map<string, { count: number; bytes: number }> {
  const snap = JSON.parse(fs.readFileSync(file, 'utf8')) as HeapSnapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [width, typeAt, nameAt, sizeAt] = [fields.length, fields.indexOf('type'), fields.indexOf('name'), fields.indexOf('self_size')];
  const kinds = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt]];
    // Strings and code are named by their content: grouped as one kind each.
    const name = type.includes('string') ? '(strings)' : type === 'code' ? '(code)' : snap.strings[snap.nodes[i + nameAt]].slice(0, 60);
    const key = `${type}: ${name}`;
    const k = kinds.get(key) ?? { count: 0, bytes: 0 };
    k.count++;
    k.bytes += snap.nodes[i + sizeAt];
    kinds.set(key, k);
  }
  return kinds;
}

/** Signals the server to write a heap snapshot (it collects garbage first) and waits until the file is complete. */
async function snapshot(server: Server, dir: string): Promise<string> {
  const before = new Set(fs.readdirSync(dir));
  server.child.kill('SIGUSR2');
  for (;;) {
    await sleep(500);
    const name = fs.readdirSync(dir).find((f) => !before.has(f) && f.endsWith('.heapsnapshot'));
    if (!name) continue;
    const file = path.join(dir, name);
    for (let size = -1; ;) {
      await sleep(500);
      const now = fs.statSync(file).size;
      if (now === size && now > 0) return file;
      size = now;
    }
  }
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'inbox-socket-heap-'));
  const server = await startServer(path.join(work, 'inbox.sqlite'), await freePort(), undefined, {
    expectInvite: true,
    env: {
      NODE_OPTIONS: `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${work}`,
      RATE_LIMIT_MEMBER: '1000000/1000000',
      RATE_LIMIT_ANONYMOUS: '1000000/1000000',
      FEED_MAX_SOCKETS_PER_ADDRESS: '100000',
    },
  });
  const sockets: Array<{ close(): void }> = [];
  try {
    const port = server.port;
    const code = server.output.join('\n').match(/Admin invite code: (\S+)/)![1];
    const admin = await rpc<{ token: string }>(port, 'mutation', 'auth.redeemInvite', { code, name: 'Heap admin' });
    const tokens: string[] = [];
    for (let m = 0; m < Math.ceil(SOCKETS / PER_MEMBER); m++) {
      const invite = await rpc<{ code: string }>(port, 'mutation', 'members.invite', { name: `Idle ${m}`, role: 'agent' }, admin.token);
      tokens.push((await rpc<{ token: string }>(port, 'mutation', 'auth.redeemInvite', { code: invite.code })).token);
    }
    const { lastEventId } = await rpc<{ lastEventId: number }>(port, 'query', 'events.head', undefined, admin.token);
    await sleep(1000);
    const before = byKind(await snapshot(server, work));
    for (let k = 0; k < SOCKETS; k += 250) {
      const batch = [];
      for (let i = k; i < Math.min(SOCKETS, k + 250); i++) {
        const feed = openFeedSocket(port, tokens[Math.floor(i / PER_MEMBER)], lastEventId, () => undefined);
        sockets.push(feed);
        batch.push(feed.connected);
      }
      await Promise.all(batch);
    }
    await sleep(3000);
    const after = byKind(await snapshot(server, work));
    const rows = [...after]
      .map(([kind, a]) => {
        const b = before.get(kind) ?? { count: 0, bytes: 0 };
        return { kind, perSocket: Math.round(((a.count - b.count) / SOCKETS) * 100) / 100, bytesPerSocket: Math.round((a.bytes - b.bytes) / SOCKETS) };
      })
      .filter((r) => r.bytesPerSocket !== 0)
      .sort((x, y) => y.bytesPerSocket - x.bytesPerSocket);
    const total = rows.reduce((a, r) => a + r.bytesPerSocket, 0);
    console.log(`JS heap per idle feed socket: ${total} bytes over ${SOCKETS} sockets (snapshot difference, by object kind):`);
    for (const r of rows.slice(0, 40)) console.log(`  ${String(r.bytesPerSocket).padStart(6)} B  x${r.perSocket}  ${r.kind}`);
    const result = { date: new Date().toISOString(), sockets: SOCKETS, bytesPerSocket: total, byKind: rows.slice(0, 100) };
    fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
    fs.writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`wrote ${path.relative(ROOT, RESULTS)}`);
  } finally {
    for (const s of sockets) s.close();
    await server.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
