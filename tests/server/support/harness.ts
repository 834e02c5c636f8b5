import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import pino from 'pino';
import { createContextInner } from '../../../server/context';
import { FeedHub } from '../../../server/events/feed-hub';
import { appRouter } from '../../../server/routers/_app';
import { createCallerFactory } from '../../../server/trpc';
import type { Actor, Deps } from '../../../server/services/deps';
import { createWorkspace, inviteMember, redeemInvite } from '../../../server/services/members';
import { createSqliteStore } from '../../../server/store/sqlite';
import type { Role } from '../../../utils/schemas/common';
import type { Store } from '../../../server/store/store';

const createCaller = createCallerFactory(appRouter);

/** A clock tests move by hand. */
export function manualClock(start = Date.UTC(2026, 10, 25, 9, 0, 0)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms), set: (ms: number) => (t = ms) };
}

export function tempDbPath(name = 'inbox'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inbox-test-'));
  return path.join(dir, `${name}.sqlite`);
}

/** An in-process world: store, deps, feed hub and a caller per member, through the real procedures. */
export async function createWorld(opts: { store?: Store; now?: () => number; lockTtlMs?: number } = {}) {
  const store = opts.store ?? (await createSqliteStore(':memory:'));
  const deps: Deps = {
    store,
    now: opts.now ?? Date.now,
    config: { lockTtlMs: opts.lockTtlMs ?? 15_000 },
    log: pino({ level: 'silent' }),
  };
  const hub = new FeedHub(store);
  const callerFor = (actor: Actor | null) => createCaller(createContextInner(deps, hub, actor));

  async function workspace(name = 'Team') {
    const ws = await createWorkspace(deps, name);
    const admin = await redeemInvite(deps, ws.code, 'Ada Admin');
    const adminActor: Actor = { memberId: admin.member.id, workspaceId: ws.workspaceId, role: 'admin' };
    const channel = await callerFor(adminActor).conversations.resolveChannel({ wid: '34600000001' });
    async function member(name: string, role: Role = 'agent') {
      const inv = await inviteMember(deps, adminActor, name, role);
      const red = await redeemInvite(deps, inv.code);
      const actor: Actor = { memberId: red.member.id, workspaceId: ws.workspaceId, role };
      return { id: red.member.id, token: red.token, actor, api: callerFor(actor) };
    }
    async function conversation(title: string, jid?: string) {
      const out = await callerFor(adminActor).conversations.resolve({ channelId: channel.id, title, jid });
      if (out.ambiguous) throw new Error('ambiguous');
      return out.conversation;
    }
    return {
      id: ws.workspaceId,
      channelId: channel.id,
      admin: { id: admin.member.id, token: admin.token, actor: adminActor, api: callerFor(adminActor) },
      member,
      conversation,
    };
  }

  return {
    store,
    deps,
    hub,
    callerFor,
    anonymous: callerFor(null),
    workspace,
    close: async () => {
      hub.close();
      await store.close();
    },
  };
}
