import { describe, expect, it } from 'vitest';
import { badgeModel } from '../../../utils/inbox/badge-model';
import type { ConversationView, MemberView } from '../../../utils/inbox/types';
import { conversation } from '../support/conversation';

const NOW = 1_800_000_000_000;
const member = (id: string, name: string): MemberView => ({
  id,
  name,
  invitedName: null,
  initials: name.slice(0, 2).toUpperCase(),
  color: '#123456',
  role: 'agent',
  availability: 'available',
  queues: [],
  capacity: 10,
  online: true,
});
const members = new Map([
  ['ana', member('ana', 'Ana')],
  ['me', member('me', 'Me')],
]);
const conv = (over: Partial<ConversationView>): ConversationView => conversation({ updatedAt: NOW, ...over });

describe('badgeModel', () => {
  it('an unknown chat is unassigned, with nothing else to say', () => {
    expect(badgeModel({ conversation: null, ambiguous: false }, members, 'me', NOW)).toEqual({
      owner: null,
      ownerIsMe: false,
      status: null,
      bot: false,
      replying: null,
      unattended: false,
      ambiguous: false,
      sla: null,
      locale: 'en',
    });
  });
  it('names the owner, who is replying, and keeps the unattended dot until a human answers', () => {
    const m = badgeModel(
      { conversation: conv({ ownerId: 'ana', waitingSince: NOW - 60_000, lock: { holderId: 'ana', token: 3, expiresAt: NOW + 5_000 } }), ambiguous: false },
      members,
      'me',
      NOW,
    );
    expect(m).toMatchObject({ owner: { initials: 'AN', name: 'Ana' }, ownerIsMe: false, replying: { me: false, name: 'Ana' }, unattended: true });
  });
  it('an expired lock is not "replying"; resolved chats are not unattended; the bot is marked', () => {
    expect(
      badgeModel({ conversation: conv({ lock: { holderId: 'ana', token: 3, expiresAt: NOW } }), ambiguous: false }, members, 'me', NOW).replying,
    ).toBeNull();
    expect(badgeModel({ conversation: conv({ status: 'resolved', waitingSince: NOW }), ambiguous: false }, members, 'me', NOW)).toMatchObject({
      unattended: false,
      status: 'resolved',
    });
    expect(badgeModel({ conversation: conv({ status: 'bot' }), ambiguous: false }, members, 'me', NOW)).toMatchObject({ bot: true, status: null });
  });
  it('says so when a title is ambiguous instead of guessing', () => {
    expect(badgeModel({ conversation: null, ambiguous: true }, members, 'me', NOW).ambiguous).toBe(true);
  });
});

describe('SLA countdown on the badge', () => {
  it('counts down to the clock that runs out first: neutral, amber after the warning, red once breached', () => {
    const sla = [
      { target: 'resolution', warnAt: NOW + 3_000_000, dueAt: NOW + 7_200_000 },
      { target: 'first_response', warnAt: NOW - 60_000, dueAt: NOW + 600_000 },
    ];
    expect(badgeModel({ conversation: conv({ sla }), ambiguous: false }, members, 'me', NOW).sla).toEqual({ label: '10m', state: 'warning' });
    expect(badgeModel({ conversation: conv({ sla }), ambiguous: false }, members, 'me', NOW - 120_000).sla).toEqual({ label: '12m', state: 'ok' });
    expect(badgeModel({ conversation: conv({ sla }), ambiguous: false }, members, 'me', NOW + 900_000).sla).toEqual({ label: '-5m', state: 'breached' });
    expect(badgeModel({ conversation: conv({ sla, status: 'resolved' }), ambiguous: false }, members, 'me', NOW).sla).toBeNull();
  });
});
