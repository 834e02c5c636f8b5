import { describe, expect, it } from 'vitest';
import { summarise } from '../../../server/domain/metrics/summary';
import { MIN, scriptedDay, T } from './script';

const day = scriptedDay();
const base = { ...day, from: T(0), to: T(0, 0, 1), now: T(18) };

describe('a scripted Monday, figures worked out by hand (nearest-rank percentiles)', () => {
  const all = summarise(base);

  it('first human response and assignment -> first reply', () => {
    // c1 09:10-09:00 = 10, c2 09:50-09:20 (handoff) = 30, c3 09:46-09:00 = 46, c5 11:45-11:00 = 45, c6 13:05-13:00 = 5.
    // Sorted [5, 10, 30, 45, 46]: p50 = rank ceil(2.5) = 3rd = 30; p90 = rank ceil(4.5) = 5th = 46.
    expect(all.firstResponse).toEqual({ count: 5, p50Ms: 30 * MIN, p90Ms: 46 * MIN });
    // Ana c1 09:05->09:10 = 5, Bo c2 09:25->09:50 = 25 and 10:10->10:20 = 10, Ana c3 09:40->09:46 = 6, Ana c6 13:01->13:05 = 4.
    // Sorted [4, 5, 6, 10, 25]: p50 = 3rd = 6; p90 = 5th = 25.
    expect(all.assignmentToFirstReply).toEqual({ count: 5, p50Ms: 6 * MIN, p90Ms: 25 * MIN });
  });

  it('reply time: every human reply minus waitingSince; the bot reply at c2 09:01 did not clear it', () => {
    // c1 10 and 50-30 = 20, c2 09:50-09:00 = 50, c3 46, c5 phone 11:30-11:00 = 30, c6 5. (The override at 09:47 answered nothing waiting.)
    // Sorted [5, 10, 20, 30, 46, 50]: p50 = rank 3 = 20; p90 = rank ceil(5.4) = 6 = 50.
    expect(all.replyTime).toEqual({ count: 6, p50Ms: 20 * MIN, p90Ms: 50 * MIN });
  });

  it('resolution time per episode', () => {
    // c1 10:00-09:00 = 60, c2 11:00-09:00 = 120, c5 12:00-11:00 = 60, c6 14:30-13:00 = 90. Sorted [60, 60, 90, 120].
    expect(all.resolution).toEqual({ count: 4, p50Ms: 60 * MIN, p90Ms: 120 * MIN });
  });

  it('coverage at 18:00 and time unowned', () => {
    // Open: c1 (episode 2, Ana, waiting since 15:00), c3 (Ana), c4 (nobody, waiting) -> 3 open, 2 owned, 2 unattended.
    // Unowned and open within 00:00-18:00: c1 08:00-09:05 = 65, c2 09:20-09:25 = 5 (bot before), c3 08:30-09:40 = 70,
    // c4 all 18 h = 1080, c5 11:00-12:00 = 60, c6 12:55-13:01 + 13:20-13:30 = 16. Total 1296 min.
    expect(all.coverage).toEqual({ open: 3, owned: 2, ownedShare: 2 / 3, unattended: 2, unownedMs: 1296 * MIN });
  });

  it('reassignments and unnecessary ones', () => {
    // c2 Bo->Cy 10:00 (Cy never replied, and it came back to Bo within 10 min: unnecessary), c2 Cy->Bo 10:10 (Bo replied
    // at 10:20: necessary), c6 Ana->Cy 13:30 via release + claim (Cy never replied before resolution: unnecessary).
    // Episodes where someone became owner: c1, c2, c3, c6 -> 4; per episode 3 / 4.
    expect(all.reassignments).toEqual({ count: 3, unnecessary: 2, episodes: 4, perEpisode: 0.75 });
  });

  it('unresolved, follow-ups, SLA adherence, collisions, unattributed sends', () => {
    // c4 started Sunday 09:00 (33 h before 18:00 >= 24 h) with a customer waiting; c1 episode 2 is only 3 h old.
    expect(all.unresolved).toEqual({ thresholdMs: 24 * 60 * MIN, count: 1 });
    // While waiting: c1 09:02, 09:04 (the 2nd follow-up of one wait: nudged), c4 Monday 10:00. c6 13:10 came after a reply.
    expect(all.followUps).toEqual({ count: 3, nudged: 1 });
    // Decided episodes: resolved c1, c2, c5, c6 (no breach) and c3 (breached 09:30): 4 of 5 met.
    expect(all.sla).toEqual({ episodes: 5, met: 4, adherence: 0.8, breaches: 1, breachesByQueue: { support: 1 }, breachesByMember: { unowned: 1 } });
    // Bo held at 09:45; Bo's override at 09:47 answered the 09:00 message Ana answered at 09:46: one duplicate.
    expect(all.collisions).toEqual({ held: 1, overrides: 1, slipped: 0, duplicates: 1 });
    // phone-1 has no guarded send; m-2 is explained by Ana's send with the same id.
    expect(all.unattributedSends).toEqual({ count: 1, graceMs: 2 * MIN });
  });

  it('one queue: support leaves out c2 (pre-sales)', () => {
    const support = summarise({ ...base, queue: 'support' });
    // [5, 10, 45, 46]: p50 = rank 2 = 10; p90 = rank ceil(3.6) = 4 = 46.
    expect(support.firstResponse).toEqual({ count: 4, p50Ms: 10 * MIN, p90Ms: 46 * MIN });
    // [4, 5, 6]: p50 = rank 2 = 5; p90 = rank 3 = 6.
    expect(support.assignmentToFirstReply).toEqual({ count: 3, p50Ms: 5 * MIN, p90Ms: 6 * MIN });
    // Only c6's Ana->Cy; episodes c1, c3, c6.
    expect(support.reassignments).toEqual({ count: 1, unnecessary: 1, episodes: 3, perEpisode: 1 / 3 });
    // 1296 - c2's 5 minutes.
    expect(support.coverage?.unownedMs).toBe(1291 * MIN);
  });

  it('one member: Ana, then Bo', () => {
    const ana = summarise({ ...base, memberId: 'ana' });
    expect(ana.firstResponse).toEqual({ count: 4, p50Ms: 10 * MIN, p90Ms: 46 * MIN });
    // Ana's replies [5, 10, 20, 46]: p50 = rank 2 = 10; p90 = rank 4 = 46.
    expect(ana.replyTime).toEqual({ count: 4, p50Ms: 10 * MIN, p90Ms: 46 * MIN });
    expect(ana.resolution).toEqual({ count: 1, p50Ms: 60 * MIN, p90Ms: 60 * MIN });
    expect(ana.collisions).toEqual({ held: 0, overrides: 0, slipped: 0, duplicates: 0 });
    expect([ana.coverage, ana.unattributedSends]).toEqual([null, null]);
    const bo = summarise({ ...base, memberId: 'bo' });
    expect(bo.collisions).toEqual({ held: 1, overrides: 1, slipped: 0, duplicates: 1 });
    expect(bo.firstResponse).toEqual({ count: 1, p50Ms: 30 * MIN, p90Ms: 30 * MIN });
  });

  it('a range that ends at 09:30 counts only what completed before it', () => {
    const morning = summarise({ ...base, to: T(9, 30) });
    // Only c1's first response (09:10) completed; c3's breach is at 09:30, outside [from, 09:30).
    expect(morning.firstResponse.count).toBe(1);
    expect(morning.sla.breaches).toBe(0);
    // Just before 09:30: c1 (Ana), c2 (Bo, open since 09:20), c3 and c4 (unowned) are open. Unattended: c2 (the bot's
    // reply cleared nothing), c3, c4; not c1 (answered at 09:10; its 09:30 message is not before the end) -> 3.
    expect(morning.coverage).toMatchObject({ open: 4, owned: 2, unattended: 3 });
  });
});
