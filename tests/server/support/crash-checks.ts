import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { checkHistory, type OpName, type OpRecord } from '../race/history-checker';
import { rng, type Member, type Recorder, type StoreDump } from '../race/race-harness';

const OWNERSHIP_OPS = new Set<OpName>(['claim', 'release', 'handoff', 'takeOver']);
export const acked = (r: OpRecord) => r.outcome.ok && r.outcome.eventId !== null;
const eventIdOf = (r: OpRecord) => (r.outcome.ok ? r.outcome.eventId! : 0);

export interface AfterCrash {
  store: StoreDump;
  /** Every recorded operation, across the crash and the restart. */
  history: OpRecord[];
  /** Acknowledged before the kill: the first write after the restart must come after all of them. */
  ackedBefore: OpRecord[];
  lostInFlight: OpRecord[];
  move: OpRecord;
  note: OpRecord;
  convs: string[];
  /** What clients were told each conversation looked like after the restart. */
  views: Map<string, { ownerId: string | null; status: string; version: number }>;
}

/** What a crash under load must not break: contiguous ids, every acknowledgement in the log, states that replay it. */
export function expectNothingLost(a: AfterCrash): void {
  const ids = a.store.events.map((e) => e.id);
  expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => i + 1));
  expect(a.store.lastEventId).toBe(ids.length);
  expect(eventIdOf(a.move)).toBeGreaterThan(Math.max(...a.ackedBefore.filter(acked).map(eventIdOf)));
  expect(a.note.outcome.ok && a.note.outcome.eventId).toBe(ids.length);
  expect(checkHistory({ history: a.history, events: a.store.events, finalStates: a.store.conversations })).toEqual([]);
  const byEvent = new Map(a.store.events.map((e) => [e.id, e]));
  for (const r of a.history.filter((x) => x.op === 'note' && acked(x))) {
    const e = byEvent.get(eventIdOf(r))!;
    expect(e.data.body).toBe(r.input.body);
    expect(a.store.noteIds.has(String(e.data.noteId))).toBe(true);
  }
  // A note whose request died in flight and was retried is in the log once, never twice.
  for (const r of a.lostInFlight.filter((x) => x.op === 'note')) {
    expect(a.store.events.filter((e) => e.type === 'note.added' && e.data.body === r.input.body).length).toBeLessThanOrEqual(1);
  }
  for (const c of a.convs) {
    const log = a.store.events.filter((e) => e.conversationId === c);
    const mine = a.history.filter((r) => r.conversationId === c && acked(r));
    const lastAck = (ops: Set<OpName>) => Math.max(0, ...mine.filter((r) => ops.has(r.op)).map(eventIdOf));
    const view = a.views.get(c)!;
    // Owner and status: the projection of the last such event, which is the last acknowledged one or a later one.
    const lastOwnership = log.filter((e) => e.type.startsWith('ownership.')).at(-1);
    expect(lastOwnership?.id ?? 0).toBeGreaterThanOrEqual(lastAck(OWNERSHIP_OPS));
    expect(view.ownerId).toBe(lastOwnership ? (lastOwnership.data.to as string | null) : null);
    const statuses = log.filter((e) => e.type === 'status.changed');
    expect(statuses.at(-1)?.id ?? 0).toBeGreaterThanOrEqual(lastAck(new Set<OpName>(['status'])));
    expect(view.status).toBe(statuses.length ? statuses.at(-1)!.data.to : 'open');
    // Versions never go back past what a client was told.
    expect(view.version).toBeGreaterThanOrEqual(Math.max(0, ...mine.map((r) => (r.outcome.ok ? r.outcome.version : 0))));
  }
}

/**
 * One client of a crash test's load: claims, releases, notes and status changes on random chats, each with an
 * idempotency key. It ends when `stop.done` is set or its server dies (what it had in flight is retried later).
 */
export async function loadClient(rec: Recorder, name: string, me: Member, convs: string[], stop: { done: boolean }, seed: number) {
  const r = rng(seed);
  for (let n = 0; n < 1_000 && !stop.done; n++) {
    const conv = r.pick(convs);
    const key = `${name}-op-${n}-${seed}`;
    const dice = r.next();
    const [op, input]: [OpName, Record<string, unknown>] =
      dice < 0.3
        ? ['claim', { idempotencyKey: key }]
        : dice < 0.5
          ? ['release', { idempotencyKey: key }]
          : dice < 0.75
            ? ['note', { body: `${name} note ${n}: customer asked about delivery (${key})`, idempotencyKey: key }]
            : ['status', { status: r.pick(['open', 'pending', 'resolved'] as const), reason: 'load', idempotencyKey: key }];
    const out = await rec.run(name, me, op, conv, input);
    if (!out.outcome.ok && out.outcome.code === 'NETWORK') return;
    await sleep(r.int(0, 4));
  }
}
