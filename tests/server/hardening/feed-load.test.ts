import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import pino from 'pino';
import type { Deps } from '../../../server/services/deps';
import { createWorkspace, inviteMember, redeemInvite } from '../../../server/services/members';
import { resolveChannel, resolveConversation } from '../../../server/services/conversations';
import { storeFactories, type OpenedStore } from '../support/stores';
import { freePort, spawnServer, type SpawnedServer } from '../support/spawn-server';

/**
 * A bounded load test (loopback, stops by itself): one member opens feed sockets and SSE streams from event 0 over a
 * long history as fast as it can, reading some and leaving others unread, while /health and another member's
 * claims must keep answering. The server runs as its own process with its default limits.
 */
const HISTORY = 20_000;
const ATTACK_MS = 5_000;
/**
 * Generous ceilings: a starved server stalls for seconds (before the fix: /health p99 832 ms, claims p99 3.3 s),
 * while a loaded 2-core CI machine adds a few isolated stalls of ~0.5 s; p95 ignores those, p99 still bounds them.
 */
const CEILING_P95_MS = 500;
const CEILING_P99_MS = 2_000;

/** A store holding a long history and two members, then closed: the server process opens it by its URL. */
async function seed(opened: OpenedStore) {
  const { store } = opened;
  const deps: Deps = { store, now: Date.now, config: { lockTtlMs: 15_000 }, log: pino({ level: 'silent' }) };
  const ws = await createWorkspace(deps, 'Load');
  const admin = await redeemInvite(deps, ws.code, 'Ada Admin');
  const adminActor = { memberId: admin.member.id, workspaceId: ws.workspaceId, role: 'admin' as const };
  const token = async (name: string) => (await redeemInvite(deps, (await inviteMember(deps, adminActor, name, 'agent')).code)).token;
  const mallory = await token('Mallory Flood');
  const vic = await token('Vic Victim');
  const channel = await resolveChannel(deps, adminActor, '34600000001');
  const chat = await resolveConversation(deps, adminActor, { channelId: channel.id, jid: '34611111111@c.us' });
  if (chat.ambiguous) throw new Error('ambiguous');
  const conversationId = chat.conversation.id;
  // A long history, written straight to the file: what a feed from event 0 has to replay.
  for (let i = 0; i < HISTORY; i += 1_000) {
    await store.transaction((tx) =>
      store.events.append(
        tx,
        ws.workspaceId,
        null,
        Date.now(),
        Array.from({ length: 1_000 }, (_, n) => ({ type: 'note.added' as const, conversationId, data: { body: `history ${i + n} ${'x'.repeat(200)}` } })),
      ),
    );
  }
  await store.close();
  return { mallory, vic, conversationId };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

describe.each(storeFactories)('one member flooding the live feed: $name', (factory) => {
  let opened: OpenedStore | undefined;
  let server: SpawnedServer | undefined;
  let mallory: string;
  let vic: string;
  let conversationId: string;
  beforeAll(async () => {
    opened = await factory.open();
    ({ mallory, vic, conversationId } = await seed(opened));
    server = await spawnServer({ DATABASE_URL: opened.url }, freePort());
  });
  afterAll(async () => {
    await server?.kill();
    await opened?.cleanup();
  });

  it("cannot stop /health or another member's claims from answering", async () => {
    const url = server!.url;
    const flood = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '../support/feed-flood.ts'), url, mallory], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let tally = '';
    flood.stdout!.on('data', (b) => (tally += String(b)));
    // Let the flood get going before measuring.
    await new Promise((r) => setTimeout(r, 500));

    const samples: Record<'health' | 'claim', number[]> = { health: [], claim: [] };
    const failures: string[] = [];
    const timed = async (kind: 'health' | 'claim', call: () => Promise<Response>) => {
      const t0 = performance.now();
      const res = await call().catch((e: unknown) => ({ ok: false, status: String(e) }) as unknown as Response);
      samples[kind].push(performance.now() - t0);
      if (!res.ok) failures.push(`${kind}: ${res.status}`);
      await res.text?.().catch(() => undefined);
    };
    const rpc = (proc: string) => () =>
      fetch(`${url}/trpc/${proc}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${vic}` },
        body: JSON.stringify({ conversationId }),
      });
    const until = performance.now() + ATTACK_MS;
    while (performance.now() < until) {
      await timed('health', () => fetch(`${url}/health`));
      await timed('claim', rpc('assignment.claim'));
      await timed('claim', rpc('assignment.release'));
      await new Promise((r) => setTimeout(r, 20));
    }
    const exited = new Promise((r) => flood.once('exit', r));
    flood.kill('SIGTERM');
    await exited;

    const figures = Object.fromEntries(
      Object.entries(samples).map(([kind, xs]) => {
        const sorted = [...xs].sort((a, b) => a - b);
        return [
          kind,
          {
            n: sorted.length,
            p50: Math.round(percentile(sorted, 50)),
            p95: Math.round(percentile(sorted, 95)),
            p99: Math.round(percentile(sorted, 99)),
            max: Math.round(sorted.at(-1)!),
          },
        ];
      }),
    );
    console.log(
      `${factory.name}: feed flood for ${ATTACK_MS} ms over ${HISTORY} events of history: ${JSON.stringify({ ...figures, attacker: JSON.parse(tally || '{}') })}`,
    );
    expect(failures).toEqual([]);
    expect(samples.health.length).toBeGreaterThan(10);
    for (const kind of ['health', 'claim'] as const) {
      expect(figures[kind].p95).toBeLessThan(CEILING_P95_MS);
      expect(figures[kind].p99).toBeLessThan(CEILING_P99_MS);
    }
  });
});
