import { describe, expect, it } from 'vitest';
import { acquireLease, checkFence, endLeaseUnlessHeldBy, isLeaseHeld, releaseLease, renewLease, type Lease } from '../../../server/domain/lease';

const ANA = 'mem_ana';
const BO = 'mem_bo';
const NOW = 1_000_000;
const TTL = 15_000;
const ON = { enforce: true };
const OFF = { enforce: false };

const free: Lease = { holderId: null, token: null, expiresAt: null, fence: 0 };
const lease = (holderId: string | null, token: number | null, expiresAt: number | null, fence: number): Lease => ({ holderId, token, expiresAt, fence });

describe('isLeaseHeld: expiry is a comparison with now, no sweeper', () => {
  const held = lease(ANA, 3, NOW + TTL, 3);
  it.each([
    ['a millisecond before expiresAt', held, NOW + TTL - 1, true],
    ['exactly at expiresAt', held, NOW + TTL, false],
    ['after expiresAt', held, NOW + TTL + 1, false],
    ['a lease never taken', free, NOW, false],
    ['a holder without an expiry', lease(ANA, 3, null, 3), NOW, false],
    ['an expiry without a holder', lease(null, 3, NOW + TTL, 3), NOW, false],
  ] as const)('%s → %s', (_name, l, now, expected) => {
    expect(isLeaseHeld(l, now)).toBe(expected);
  });
});

describe('acquireLease', () => {
  it.each([
    ['free (never taken)', free, { event: 'lock.acquired', lease: lease(ANA, 1, NOW + TTL, 1) }],
    ['released earlier by someone else', lease(BO, 4, NOW - 10, 4), { event: 'lock.acquired', lease: lease(ANA, 5, NOW + TTL, 5) }],
    ['expired while held by another member', lease(BO, 5, NOW - 1, 5), { event: 'lock.acquired', lease: lease(ANA, 6, NOW + TTL, 6) }],
    ['expiring exactly now', lease(BO, 5, NOW, 5), { event: 'lock.acquired', lease: lease(ANA, 6, NOW + TTL, 6) }],
    ['expired while held by the same member', lease(ANA, 2, NOW - 1, 2), { event: 'lock.acquired', lease: lease(ANA, 3, NOW + TTL, 3) }],
    ['held by the same member: extended, same token', lease(ANA, 2, NOW + 5, 2), { event: 'lock.renewed', lease: lease(ANA, 2, NOW + TTL, 2) }],
    // The fence, not the stored token, decides the next token.
    ['fence ahead of the stored token', lease(BO, 4, NOW - 1, 9), { event: 'lock.acquired', lease: lease(ANA, 10, NOW + TTL, 10) }],
  ] as const)('%s', (_name, before, expected) => {
    expect(acquireLease(before, ANA, NOW, TTL)).toEqual({ ok: true, changed: true, ...expected });
  });

  it.each([
    ['another member holds it for a while yet', lease(BO, 7, NOW + TTL, 7)],
    ['another member holds it for one more millisecond', lease(BO, 7, NOW + 1, 7)],
  ])('refused while %s', (_name, before) => {
    expect(acquireLease(before, ANA, NOW, TTL)).toEqual({ ok: false, code: 'CONFLICT', reason: 'locked-by-other', message: expect.any(String), holderId: BO });
  });

  it('tokens only ever grow as members take turns, without any sweeper clearing old leases', () => {
    let l = free;
    let now = NOW;
    const tokens: number[] = [];
    for (const who of [ANA, BO, ANA, ANA, BO]) {
      const d = acquireLease(l, who, now, TTL);
      if (!d.ok) throw new Error(d.message);
      l = d.lease;
      tokens.push(l.token!);
      expect(l.fence).toBe(l.token);
      // Let it lapse by time alone before the next member comes.
      now = l.expiresAt!;
    }
    expect(tokens).toEqual([1, 2, 3, 4, 5]);
  });

  it('a lapsed lease is refused to others at expiresAt-1 and free at expiresAt', () => {
    const first = acquireLease(free, ANA, NOW, TTL);
    if (!first.ok) throw new Error(first.message);
    const expiresAt = first.lease.expiresAt!;
    expect(acquireLease(first.lease, BO, expiresAt - 1, TTL)).toMatchObject({ ok: false, reason: 'locked-by-other', holderId: ANA });
    expect(acquireLease(first.lease, BO, expiresAt, TTL)).toMatchObject({ ok: true, lease: { holderId: BO, token: 2, fence: 2 } });
  });
});

describe('checkFence', () => {
  const current = lease(ANA, 4, NOW + TTL, 4);
  it.each([
    ['current token, enforced', current, ANA, 4, ON, null],
    ['older token, enforced', current, ANA, 3, ON, 'stale-lock'],
    ['token newer than any issued, enforced', current, ANA, 5, ON, 'stale-lock'],
    ['current token presented by someone else, enforced', current, BO, 4, ON, 'stale-lock'],
    // A released (expired) lease keeps its fence, so the holder's late send report still passes.
    ['current token after the lease expired, enforced', lease(ANA, 4, NOW - 1, 4), ANA, 4, ON, null],
    ['token superseded after expiry, enforced', lease(BO, 5, NOW + TTL, 5), ANA, 4, ON, 'stale-lock'],
    ['older token, not enforced', current, ANA, 3, OFF, null],
    ['someone else, not enforced', current, BO, 1, OFF, null],
  ] as const)('%s', (_name, l, who, token, opts, reason) => {
    const refusal = checkFence(l, who, token, opts);
    if (reason === null) expect(refusal).toBeNull();
    else expect(refusal).toEqual({ ok: false, code: 'CONFLICT', reason, message: expect.any(String), holderId: l.holderId });
  });
});

describe('renewLease', () => {
  const held = lease(ANA, 4, NOW + 5_000, 4);
  it.each([
    ['current token', held, 4, ON, { ok: true, changed: true, event: 'lock.renewed', lease: lease(ANA, 4, NOW + TTL, 4) }],
    ['stale token', held, 3, ON, { ok: false, code: 'CONFLICT', reason: 'stale-lock', message: expect.any(String), holderId: ANA }],
    [
      'current token after expiry',
      lease(ANA, 4, NOW, 4),
      4,
      ON,
      { ok: false, code: 'CONFLICT', reason: 'lease-expired', message: expect.any(String), holderId: null },
    ],
    [
      'stale token after someone newer took it',
      lease(BO, 5, NOW + TTL, 5),
      4,
      ON,
      { ok: false, code: 'CONFLICT', reason: 'stale-lock', message: expect.any(String), holderId: BO },
    ],
    // The unsafe control lets the stale holder overwrite the lease: exactly the bug fencing exists to stop.
    [
      'stale token with fencing off',
      lease(BO, 5, NOW + TTL, 5),
      4,
      OFF,
      { ok: true, changed: true, event: 'lock.renewed', lease: lease(ANA, 4, NOW + TTL, 5) },
    ],
    [
      'expired lease with fencing off',
      lease(ANA, 4, NOW - 1, 4),
      4,
      OFF,
      { ok: true, changed: true, event: 'lock.renewed', lease: lease(ANA, 4, NOW + TTL, 4) },
    ],
  ] as const)('%s', (_name, before, token, opts, expected) => {
    expect(renewLease(before, ANA, token, NOW, TTL, opts)).toEqual(expected);
  });
});

describe('releaseLease', () => {
  const held = lease(ANA, 4, NOW + 5_000, 4);
  it.each([
    // Holder, token and fence stay so that a late send report with the token still passes the fence.
    ['current token while held', held, 4, ON, { ok: true, changed: true, event: 'lock.released', lease: lease(ANA, 4, NOW, 4) }],
    ['current token after it already expired', lease(ANA, 4, NOW - 1, 4), 4, ON, { ok: true, changed: false, event: null, lease: lease(ANA, 4, NOW - 1, 4) }],
    ['stale token', held, 3, ON, { ok: false, code: 'CONFLICT', reason: 'stale-lock', message: expect.any(String), holderId: ANA }],
    ['stale token with fencing off', held, 3, OFF, { ok: true, changed: true, event: 'lock.released', lease: lease(ANA, 4, NOW, 4) }],
  ] as const)('%s', (_name, before, token, opts, expected) => {
    expect(releaseLease(before, ANA, token, NOW, opts)).toEqual(expected);
  });

  it('after release the same member acquires a new, larger token', () => {
    const released = releaseLease(held, ANA, 4, NOW, ON);
    if (!released.ok) throw new Error(released.message);
    expect(acquireLease(released.lease, ANA, NOW, TTL)).toMatchObject({ ok: true, event: 'lock.acquired', lease: { token: 5, fence: 5 } });
  });
});

describe('endLeaseUnlessHeldBy', () => {
  const held = lease(ANA, 4, NOW + 5_000, 4);
  it.each([
    ['ownership moves to another member: the lease ends now, the fence stays', held, BO, lease(ANA, 4, NOW, 4)],
    ['ownership released: the lease ends now', held, null, lease(ANA, 4, NOW, 4)],
    ['ownership moves to the holder: the lease stays', held, ANA, held],
    ['the lease already lapsed: nothing to end', lease(ANA, 4, NOW - 1, 4), BO, lease(ANA, 4, NOW - 1, 4)],
    ['no lease at all', free, BO, free],
  ] as const)('%s', (_name, before, owner, expected) => {
    const after = endLeaseUnlessHeldBy(before, owner, NOW);
    expect(after).toEqual(expected);
    expect(isLeaseHeld(after, NOW)).toBe(owner === ANA && isLeaseHeld(before, NOW));
  });
});
