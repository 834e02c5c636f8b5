import { describe, expect, it } from 'vitest';
import { RowActivityTracker, type RowSight } from '../../../utils/inbox/row-activity';

const MIN = 60_000;
const START = Date.UTC(2026, 11, 5, 9, 0, 20);
const row = (over: Partial<RowSight> = {}): RowSight => ({
  key: 't:lucia',
  title: 'Lucia',
  jid: null,
  isGroup: false,
  direction: 'in',
  at: START - 30 * MIN,
  unread: 2,
  selected: false,
  ...over,
});

describe('RowActivityTracker', () => {
  it('first sight is backfill, reported only when the tab does not know the chat as waiting', () => {
    const t = new RowActivityTracker(START);
    expect(t.see(row(), null, START)).toMatchObject({ backfill: true, direction: 'in', unread: 2, chat: { title: 'Lucia', kind: 'direct' } });
    expect(t.see(row({ key: 't:ana' }), { waiting: true, lockHeld: false }, START)).toBeNull();
    expect(t.see(row({ key: 't:bo' }), { waiting: false, lockHeld: false }, START)).toMatchObject({ backfill: true });
    // Read rows and the chat open in this tab say nothing.
    expect(t.see(row({ key: 't:cy', unread: 0 }), null, START)).toBeNull();
    expect(t.see(row({ key: 't:di', selected: true }), null, START)).toBeNull();
  });

  it('thirty unread rows seen again (a reload of a tab that knows them) report nothing', () => {
    const t = new RowActivityTracker(START);
    const rows = Array.from({ length: 30 }, (_, i) => row({ key: `t:c${i}`, unread: 1 + (i % 4) }));
    expect(rows.map((r) => t.see(r, { waiting: true, lockHeld: false }, START)).filter(Boolean)).toEqual([]);
    expect(rows.map((r) => t.see(r, { waiting: true, lockHeld: false }, START + 500)).filter(Boolean)).toEqual([]);
  });

  it('a newer label, a higher unread count or a turn from out to in is news; a read (unread falls) is not', () => {
    const t = new RowActivityTracker(START);
    t.see(row(), { waiting: true, lockHeld: false }, START);
    expect(t.see(row({ unread: 3 }), { waiting: true, lockHeld: false }, START + 1_000)).toMatchObject({ backfill: false, unread: 3, seenAt: START + 1_000 });
    expect(t.see(row({ unread: 0 }), { waiting: true, lockHeld: false }, START + 2_000)).toBeNull();
    expect(t.see(row({ unread: 1, at: START + MIN }), { waiting: true, lockHeld: false }, START + 61_000)).toMatchObject({ backfill: false, at: START + MIN });
    expect(t.see(row({ unread: 1, at: START + MIN }), { waiting: true, lockHeld: false }, START + 62_000)).toBeNull();
  });

  it('a row first seen with a time after the tab started watching is news (it came in just off screen)', () => {
    const t = new RowActivityTracker(START);
    expect(t.see(row({ at: START - 20_000 + MIN }), null, START + MIN)).toMatchObject({ backfill: false });
    expect(t.see(row({ key: 't:old', at: START - 20_000 }), null, START + MIN)).toMatchObject({ backfill: true });
  });

  it('an outgoing row is reported only while the chat waits and nobody holds the reply lock', () => {
    const t = new RowActivityTracker(START);
    const out = row({ direction: 'out', unread: 0 });
    expect(t.see(out, null, START)).toBeNull();
    expect(t.see(out, { waiting: true, lockHeld: true }, START)).toBeNull();
    expect(t.see({ ...out, key: 't:phone' }, { waiting: true, lockHeld: false }, START)).toMatchObject({ direction: 'out', backfill: true });
    t.see(row({ key: 't:later' }), { waiting: true, lockHeld: false }, START);
    expect(t.see({ ...out, key: 't:later', at: START + MIN }, { waiting: true, lockHeld: false }, START + MIN)).toMatchObject({
      direction: 'out',
      backfill: false,
    });
  });

  it('reset makes every row a first sight again', () => {
    const t = new RowActivityTracker(START);
    t.see(row(), null, START);
    expect(t.see(row(), null, START + 1)).toBeNull();
    t.reset(START + 2);
    expect(t.see(row(), null, START + 3)).toMatchObject({ backfill: true });
  });
});
