import { describe, expect, it } from 'vitest';
import { applyCustomerMessage, applyHumanReply, decideStatusChange, effectiveStatus, type StatusState } from '../../../server/domain/status';
import type { Status } from '../../../utils/schemas/common';

const NOW = 1_700_000_000_000;
const HOUR = 3_600_000;
const LATER = NOW + HOUR;
const EARLIER = NOW - HOUR;
const lax = { requireResolveReason: false };
const strict = { requireResolveReason: true };

const state = (status: Status, extra: Partial<StatusState> = {}): StatusState => ({ status, snoozedUntil: null, episode: 3, waitingSince: null, ...extra });
const snoozed = (until: number) => state('snoozed', { snoozedUntil: until });

describe('effectiveStatus', () => {
  it.each([
    ['snoozed, a millisecond before waking', snoozed(LATER), LATER - 1, 'snoozed'],
    ['snoozed, exactly at the wake time', snoozed(LATER), LATER, 'open'],
    ['snoozed, after the wake time', snoozed(LATER), LATER + 1, 'open'],
    ['snoozed without a wake time', state('snoozed'), NOW, 'snoozed'],
    ['open', state('open'), NOW, 'open'],
    ['pending', state('pending'), NOW, 'pending'],
    ['resolved', state('resolved'), NOW, 'resolved'],
    ['bot', state('bot'), NOW, 'bot'],
    // Only the snoozed status wakes: a stray snoozedUntil on another status changes nothing.
    ['pending with a stale snoozedUntil', state('pending', { snoozedUntil: EARLIER }), NOW, 'pending'],
  ] as const)('%s → %s', (_name, s, now, expected) => {
    expect(effectiveStatus(s, now)).toBe(expected);
  });
});

describe('decideStatusChange: transitions', () => {
  const starts: Array<[string, StatusState, Status]> = [
    ['open', state('open'), 'open'],
    ['pending', state('pending'), 'pending'],
    ['snoozed (still asleep)', snoozed(LATER), 'snoozed'],
    ['snoozed (woken by time)', snoozed(EARLIER), 'open'],
    ['resolved', state('resolved'), 'resolved'],
    ['bot', state('bot'), 'bot'],
  ];
  const targets: Array<{ status: Status; snoozedUntil?: number }> = [
    { status: 'open' },
    { status: 'pending' },
    { status: 'snoozed', snoozedUntil: LATER + HOUR },
    { status: 'resolved' },
  ];
  const cases = starts.flatMap(([name, from, effective]) => targets.map((target) => ({ name, from, effective, target })));

  it.each(cases)('$name → $target.status', ({ from, effective, target }) => {
    const decision = decideStatusChange(from, target, lax, NOW);
    const snoozedUntil = target.snoozedUntil ?? null;
    // Unchanged only when both the status seen now and the stored wake time already match.
    if (effective === target.status && from.snoozedUntil === snoozedUntil) {
      expect(decision).toEqual({ ok: true, changed: false, state: from });
      return;
    }
    expect(decision).toEqual({
      ok: true,
      changed: true,
      state: { ...from, status: target.status, snoozedUntil },
      data: { from: effective, to: target.status, episode: 3, ...(target.snoozedUntil ? { snoozedUntil } : {}) },
    });
  });

  it('re-snoozing to the same wake time changes nothing; to another time changes it', () => {
    expect(decideStatusChange(snoozed(LATER), { status: 'snoozed', snoozedUntil: LATER }, lax, NOW)).toMatchObject({ ok: true, changed: false });
    expect(decideStatusChange(snoozed(LATER), { status: 'snoozed', snoozedUntil: LATER + 1 }, lax, NOW)).toMatchObject({
      ok: true,
      changed: true,
      state: { status: 'snoozed', snoozedUntil: LATER + 1 },
      data: { from: 'snoozed', to: 'snoozed', snoozedUntil: LATER + 1 },
    });
  });

  it('a woken snooze set to open is stored as open with the wake time cleared', () => {
    expect(decideStatusChange(snoozed(EARLIER), { status: 'open' }, lax, NOW)).toMatchObject({
      ok: true,
      changed: true,
      state: { status: 'open', snoozedUntil: null },
    });
  });
});

describe('decideStatusChange: refusals and the resolve reason', () => {
  it.each([
    ['snooze without a wake time', state('open'), { status: 'snoozed' }, lax, 'snoozedUntil'],
    ['snooze until now', state('open'), { status: 'snoozed', snoozedUntil: NOW }, lax, 'future'],
    ['snooze until the past', state('open'), { status: 'snoozed', snoozedUntil: EARLIER }, lax, 'future'],
    ['a wake time on a non-snoozed status', state('open'), { status: 'pending', snoozedUntil: LATER }, lax, 'only applies'],
    ['handing to the bot from open', state('open'), { status: 'bot' }, lax, 'automation'],
    ['handing to the bot from bot', state('bot'), { status: 'bot' }, lax, 'automation'],
    ['resolving without a reason where one is required', state('open'), { status: 'resolved' }, strict, 'closing reason'],
    ['resolving with an empty reason where one is required', state('open'), { status: 'resolved', reason: '' }, strict, 'closing reason'],
  ] as const)('%s → BAD_REQUEST', (_name, from, target, policy, messagePart) => {
    expect(decideStatusChange(from, target, policy, NOW)).toEqual({
      ok: false,
      code: 'BAD_REQUEST',
      message: expect.stringContaining(messagePart),
      ...(messagePart === 'closing reason' ? { reason: 'closing-reason-required' } : {}),
    });
  });

  it.each([
    ['snooze a millisecond ahead', { status: 'snoozed', snoozedUntil: NOW + 1 }, lax, { from: 'open', to: 'snoozed', episode: 3, snoozedUntil: NOW + 1 }],
    [
      'resolve with a reason where one is required',
      { status: 'resolved', reason: 'sold' },
      strict,
      { from: 'open', to: 'resolved', episode: 3, reason: 'sold' },
    ],
    ['resolve without a reason where none is required', { status: 'resolved' }, lax, { from: 'open', to: 'resolved', episode: 3 }],
    [
      'a reason on another status is recorded too',
      { status: 'pending', reason: 'asked for the invoice' },
      strict,
      { from: 'open', to: 'pending', episode: 3, reason: 'asked for the invoice' },
    ],
  ] as const)('%s is accepted', (_name, target, policy, data) => {
    expect(decideStatusChange(state('open'), target, policy, NOW)).toMatchObject({ ok: true, changed: true, data });
  });

  it('an already-resolved chat needs no reason to stay resolved', () => {
    expect(decideStatusChange(state('resolved'), { status: 'resolved', reason: 'dup' }, strict, NOW)).toMatchObject({ ok: true, changed: false });
  });
});

describe('applyCustomerMessage', () => {
  const AT = NOW - 5_000;
  const WAITING = NOW - HOUR;
  it.each([
    ['pending reopens', state('pending'), state('open', { waitingSince: AT }), { from: 'pending', to: 'open', episode: 3, cause: 'customer-message' }],
    [
      'pending keeps an older waitingSince',
      state('pending', { waitingSince: WAITING }),
      state('open', { waitingSince: WAITING }),
      { from: 'pending', to: 'open', episode: 3, cause: 'customer-message' },
    ],
    [
      'snoozed (asleep) wakes early',
      snoozed(LATER),
      state('open', { waitingSince: AT }),
      { from: 'snoozed', to: 'open', episode: 3, cause: 'customer-message' },
    ],
    [
      'snoozed (woken by time) is stored as open',
      snoozed(EARLIER),
      state('open', { waitingSince: AT }),
      { from: 'snoozed', to: 'open', episode: 3, cause: 'snooze-ended' },
    ],
    [
      'resolved starts a new episode waiting since this message',
      state('resolved', { waitingSince: WAITING }),
      state('open', { episode: 4, waitingSince: AT }),
      { from: 'resolved', to: 'open', episode: 4, cause: 'customer-message' },
    ],
    ['open starts waiting', state('open'), state('open', { waitingSince: AT }), null],
    ['open keeps an older waitingSince', state('open', { waitingSince: WAITING }), state('open', { waitingSince: WAITING }), null],
    ['bot stays with the bot but the customer is waiting', state('bot'), state('bot', { waitingSince: AT }), null],
    ['bot keeps an older waitingSince', state('bot', { waitingSince: WAITING }), state('bot', { waitingSince: WAITING }), null],
  ] as const)('%s', (_name, before, after, statusChange) => {
    expect(applyCustomerMessage(before, AT, NOW)).toEqual({ state: after, statusChange });
  });
});

describe('applyHumanReply', () => {
  it.each([
    ['clears waitingSince and keeps the rest', state('open', { waitingSince: NOW - 1, episode: 2 }), state('open', { waitingSince: null, episode: 2 })],
    ['leaves a chat nobody waits on as it was', state('pending'), state('pending')],
    ['keeps a snooze', snoozed(LATER), snoozed(LATER)],
  ] as const)('%s', (_name, before, after) => {
    expect(applyHumanReply(before)).toEqual(after);
  });
});
