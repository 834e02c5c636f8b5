import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { appRouter } from '../../../server/routers/_app';
import type { Access, ProcedureMeta } from '../../../server/trpc';
import { createWorld } from '../support/harness';

type World = Awaited<ReturnType<typeof createWorld>>;
let world: World;
beforeEach(async () => {
  world = await createWorld();
});
afterEach(() => world.close());

const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string; meta?: ProcedureMeta } }>;
const accessOf = (path: string): Access | undefined => procedures[path]._def.meta?.access;
const withAccess = (...levels: Access[]) => Object.keys(procedures).filter((p) => levels.includes(accessOf(p)!));
/** Who the product lets call what; every procedure not named here is for any signed-in member. */
const EXPECTED = {
  public: ['auth.redeemInvite', 'events.ping'],
  admin: ['members.invite', 'members.revoke', 'settings.rotateWebhookSecret'],
  manager: [
    'members.update',
    'sla.getPolicies',
    'sla.setPolicy',
    'metrics.summary',
    'metrics.report',
    'metrics.coverage',
    'metrics.coverageChats',
    'metrics.trend',
    'routing.setQueue',
    'routing.setHandoffRule',
    'routing.drain',
    'settings.team',
    'settings.createQueue',
    'settings.renameQueue',
    'settings.archiveQueue',
    'settings.setDefaultQueue',
    'settings.setRules',
  ],
} satisfies Partial<Record<Access, string[]>>;
/** Inputs are irrelevant here: the role gate runs before a procedure reads its input. */
const ANY_INPUT = {};

async function outcome(api: unknown, path: string): Promise<string> {
  const [ns, name] = path.split('.');
  try {
    const result = await (api as Record<string, Record<string, (i: unknown) => Promise<unknown>>>)[ns][name](ANY_INPUT);
    // A subscription hands back its stream: close it, the call got past the gate.
    (result as { return?: () => unknown } | null)?.return?.();
    return 'passed';
  } catch (err) {
    return err instanceof TRPCError ? err.code : String(err);
  }
}

describe('every procedure says who may call it, and the server holds to it', () => {
  it('each one declares its access, and the declaration is the one this table expects (a new procedure is a member one unless listed)', () => {
    expect(Object.keys(procedures).filter((p) => !accessOf(p))).toEqual([]);
    for (const level of ['public', 'manager', 'admin'] as const)
      expect({ level, paths: withAccess(level).sort() }).toEqual({ level, paths: [...EXPECTED[level]].sort() });
  });

  it('an agent is refused every manager and admin procedure; a manager every admin one; neither is refused below that', async () => {
    const ws = await world.workspace('Alpha Team');
    const agent = await ws.member('Ana Alpha');
    const manager = await ws.member('Mia Manager', 'manager');
    const refusedOf = async (api: unknown, paths: string[]) => {
      const out: string[] = [];
      for (const path of paths) if ((await outcome(api, path)) === 'FORBIDDEN') out.push(path);
      return out.sort();
    };
    expect(await refusedOf(agent.api, withAccess('manager', 'admin'))).toEqual(withAccess('manager', 'admin').sort());
    expect(await refusedOf(manager.api, withAccess('admin'))).toEqual(withAccess('admin').sort());
    // The gate alone: with a meaningless input a member procedure fails on the input, never on the role.
    expect(await refusedOf(agent.api, withAccess('member'))).toEqual([]);
    expect(await refusedOf(manager.api, withAccess('member', 'manager'))).toEqual([]);
    expect(await refusedOf(ws.admin.api, withAccess('member', 'manager', 'admin'))).toEqual([]);
  });
});
