import { describe, expect, it } from 'vitest';
import { displayName } from '../../../utils/schemas/member';
import { storeFactories } from '../support/stores';
import { worldForSuite } from '../support/world-suite';

describe.each(storeFactories)('display names cannot impersonate a teammate: $name', (factory) => {
  const worldNow = worldForSuite(factory);

  it('strips bidi overrides, zero-width and control characters, and refuses a name that is nothing else', async () => {
    const ws = await worldNow().workspace('Strip');
    const api = ws.admin.api;
    const cases: Array<[string, string]> = [
      ['Ana\u202e Pérez', 'Ana Pérez'],
      ['B\u200bo\u200d \u2066Chen\u2069', 'Bo Chen'],
      ['  Cy\u00ad\u0007   Dias\ufeff ', 'Cy Dias'],
      ['\uff24\uff49', 'Di'],
    ];
    for (const [given] of cases) await api.members.invite({ name: given, role: 'agent' });
    const names = (await api.members.list()).map((m) => m.name);
    for (const [, stored] of cases) expect(names).toContain(stored);
    await expect(api.members.invite({ name: '\u202e\u200b\u2066', role: 'agent' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/"name"[\s\S]*must not be empty/),
    });
  });

  it("keeps names unique per workspace by how they read, at invite and at sign-in, and never takes another's invited name", async () => {
    const world = worldNow();
    const ws = await world.workspace('Unique');
    const other = await world.workspace('Elsewhere');
    const api = ws.admin.api;
    await api.members.invite({ name: 'Ana Pérez', role: 'agent' });
    for (const lookalike of ['ana pérez', 'Ana\u200b Pérez', 'ANA  PÉREZ', 'Ana Pe\u0301rez']) {
      await expect(api.members.invite({ name: lookalike, role: 'agent' })).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringContaining('"Ana Pérez"'),
      });
    }
    // Another workspace may have its own Ana.
    await expect(other.admin.api.members.invite({ name: 'Ana Pérez', role: 'agent' })).resolves.toBeDefined();
    // Bo, invited as Bo, cannot sign in as Ana; nor can Cy take "Bo" once Bo chose another name.
    const bo = await api.members.invite({ name: 'Bo', role: 'agent' });
    await expect(world.anonymous.auth.redeemInvite({ code: bo.code, name: 'Ana Pérez' })).rejects.toMatchObject({ code: 'CONFLICT' });
    const boIn = await world.anonymous.auth.redeemInvite({ code: bo.code, name: 'Robert' });
    expect(boIn.member).toMatchObject({ name: 'Robert', invitedName: 'Bo' });
    const cy = await api.members.invite({ name: 'Cy', role: 'agent' });
    await expect(world.anonymous.auth.redeemInvite({ code: cy.code, name: 'bo' })).rejects.toMatchObject({ code: 'CONFLICT' });
    // The refused sign-in did not use up the invite.
    expect((await world.anonymous.auth.redeemInvite({ code: cy.code, name: 'Cy' })).member).toMatchObject({ name: 'Cy', invitedName: null });
    const robert = (await api.members.list()).find((m) => m.id === bo.memberId)!;
    expect(displayName(robert)).toBe('Robert (invited as Bo)');
    expect(displayName({ name: 'Cy', invitedName: null })).toBe('Cy');
  });

  it('lets only one of several concurrent invites take a name', async () => {
    const ws = await worldNow().workspace('Race');
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => ws.admin.api.members.invite({ name: i % 2 ? 'Eve Twin' : 'eve twin', role: 'agent' })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'CONFLICT' });
    expect((await ws.admin.api.members.list()).filter((m) => m.name.toLowerCase() === 'eve twin')).toHaveLength(1);
  });
});
