import { describe, expect, it } from 'vitest';
import { isOwnerResponseOverdue, ownerResponseDueAt } from '../../../../server/domain/routing/owner-response';

const t = (hhmmss: string) => Date.parse(`2026-04-13T${hhmmss}+02:00`);
const TEN_MINUTES = 10 * 60_000;

describe('ownerResponseDueAt (timeout 10 min, assigned at 10:00)', () => {
  it.each([
    ['no customer message, no reply: 10 min after assignment', null, null, '10:10:00'],
    ['a customer message before assignment: still from assignment', '09:50:00', null, '10:10:00'],
    ['a customer message after assignment restarts the clock', '10:05:00', null, '10:15:00'],
    ['the owner replied after assignment', null, '10:03:00', null],
    ['the owner replied, then the customer wrote again', '10:07:00', '10:03:00', '10:17:00'],
    ['the owner replied after the latest customer message', '10:07:00', '10:08:00', null],
    ['a reply in the same ms as the customer message counts', '10:07:00', '10:07:00', null],
    ['a reply before the assignment does not count', null, '09:55:00', '10:10:00'],
  ])('%s', (_name, customer, reply, expected) => {
    const dueAt = ownerResponseDueAt({
      timeoutMs: TEN_MINUTES,
      assignedAtMs: t('10:00:00'),
      lastCustomerMessageAtMs: customer === null ? null : t(customer),
      lastOwnerReplyAtMs: reply === null ? null : t(reply),
    });
    expect(dueAt).toBe(expected === null ? null : t(expected));
  });

  it('is null with no timeout configured', () => {
    expect(ownerResponseDueAt({ timeoutMs: null, assignedAtMs: t('10:00:00'), lastCustomerMessageAtMs: null, lastOwnerReplyAtMs: null })).toBeNull();
  });

  it.each([0, -1, Number.NaN])('rejects a timeout of %s', (timeoutMs) => {
    expect(() => ownerResponseDueAt({ timeoutMs, assignedAtMs: 0, lastCustomerMessageAtMs: null, lastOwnerReplyAtMs: null })).toThrow(RangeError);
  });
});

describe('isOwnerResponseOverdue (timeout 10 min, assigned at 10:00)', () => {
  it.each([
    ['before the due time', null, null, '10:09:59', false],
    ['exactly at the due time', null, null, '10:10:00', true],
    ['after the due time', null, null, '10:30:00', true],
    ['overdue is cleared by a reply', null, '10:12:00', '10:30:00', false],
    ['a late reply then a new message starts a new 10 min', '10:20:00', '10:12:00', '10:29:59', false],
    ['and that one runs out too', '10:20:00', '10:12:00', '10:30:00', true],
    ['a new message resets a nearly due clock', '10:09:00', null, '10:12:00', false],
  ])('%s', (_name, customer, reply, now, expected) => {
    const overdue = isOwnerResponseOverdue({
      timeoutMs: TEN_MINUTES,
      assignedAtMs: t('10:00:00'),
      lastCustomerMessageAtMs: customer === null ? null : t(customer),
      lastOwnerReplyAtMs: reply === null ? null : t(reply),
      now: t(now),
    });
    expect(overdue).toBe(expected);
  });

  it('is never overdue with no timeout', () => {
    expect(isOwnerResponseOverdue({ timeoutMs: null, assignedAtMs: 0, lastCustomerMessageAtMs: null, lastOwnerReplyAtMs: null, now: 10 ** 12 })).toBe(false);
  });
});
