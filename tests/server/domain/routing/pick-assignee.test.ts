import { describe, expect, it } from 'vitest';
import type { RoutingCandidate } from '../../../../server/domain/routing/eligibility';
import { cursorAfter, pickAssignee, type PickResult, type QueueRouting } from '../../../../server/domain/routing/pick-assignee';
import { member } from './fixtures';

const team = [member('dan'), member('ben'), member('cam'), member('ana')];
const rr = (cursor: string | null = null, sticky = false): QueueRouting => ({ mode: 'round-robin', sticky, lastAssignedMemberId: cursor });
const ll = (cursor: string | null = null, sticky = false): QueueRouting => ({ mode: 'least-loaded', sticky, lastAssignedMemberId: cursor });
const manual = (sticky = false): QueueRouting => ({ mode: 'manual', sticky, lastAssignedMemberId: null });
const chat = (lastOwnerId: string | null = null) => ({ queue: 'support', lastOwnerId });

type Case = [name: string, queue: QueueRouting, candidates: RoutingCandidate[], conversation: ReturnType<typeof chat>, expected: PickResult];

describe('pickAssignee modes', () => {
  it.each<Case>([
    ['manual leaves the chat in the queue', manual(), team, chat(), { none: 'manual' }],
    ['round-robin with no cursor starts at the lowest id', rr(), team, chat(), { memberId: 'ana', via: 'round-robin' }],
    ['round-robin takes the next id after the cursor', rr('ana'), team, chat(), { memberId: 'ben', via: 'round-robin' }],
    ['round-robin wraps after the last id', rr('dan'), team, chat(), { memberId: 'ana', via: 'round-robin' }],
    ['round-robin with a cursor of someone who left (bob sorts between ben and cam)', rr('bob'), team, chat(), { memberId: 'cam', via: 'round-robin' }],
    [
      'round-robin skips the ineligible',
      rr('ben'),
      [member('ana'), member('ben'), member('cam', { availability: 'away' }), member('dan')],
      chat(),
      { memberId: 'dan', via: 'round-robin' },
    ],
    ['round-robin ignores load', rr('ana'), [member('ana'), member('ben', { openOwned: 4 }), member('cam')], chat(), { memberId: 'ben', via: 'round-robin' }],
    [
      'least-loaded takes the fewest open chats',
      ll(),
      [member('ana', { openOwned: 3 }), member('ben', { openOwned: 1 }), member('cam', { openOwned: 2 })],
      chat(),
      { memberId: 'ben', via: 'least-loaded' },
    ],
    [
      'least-loaded counts chats, not share of capacity',
      ll(),
      [member('ana', { openOwned: 2, capacity: 20 }), member('ben', { openOwned: 1, capacity: 2 })],
      chat(),
      { memberId: 'ben', via: 'least-loaded' },
    ],
    [
      'least-loaded tie goes to the first after the cursor',
      ll('ben'),
      [member('ana', { openOwned: 1 }), member('ben', { openOwned: 1 }), member('cam', { openOwned: 2 }), member('dan', { openOwned: 1 })],
      chat(),
      { memberId: 'dan', via: 'least-loaded' },
    ],
    [
      'least-loaded tie wraps around the cursor',
      ll('dan'),
      [member('ana', { openOwned: 1 }), member('ben', { openOwned: 0 }), member('cam', { openOwned: 0 }), member('dan', { openOwned: 0 })],
      chat(),
      { memberId: 'ben', via: 'least-loaded' },
    ],
    ['least-loaded tie with no cursor goes to the lowest id', ll(), [member('cam'), member('ben')], chat(), { memberId: 'ben', via: 'least-loaded' }],
  ])('%s', (_name, queue, candidates, conversation, expected) => {
    expect(pickAssignee(queue, candidates, conversation)).toEqual(expected);
  });
});

describe('pickAssignee eligibility', () => {
  it.each<Case>([
    ['away is skipped', rr(), [member('ana', { availability: 'away' }), member('ben')], chat(), { memberId: 'ben', via: 'round-robin' }],
    ['offline is skipped', rr(), [member('ana', { availability: 'offline' }), member('ben')], chat(), { memberId: 'ben', via: 'round-robin' }],
    [
      'available without a live connection is skipped',
      rr(),
      [member('ana', { liveConnections: 0 }), member('ben')],
      chat(),
      { memberId: 'ben', via: 'round-robin' },
    ],
    ['a member at capacity is skipped', rr(), [member('ana', { openOwned: 5 }), member('ben')], chat(), { memberId: 'ben', via: 'round-robin' }],
    [
      'a member over capacity is skipped',
      ll(),
      [member('ana', { openOwned: 7 }), member('ben', { openOwned: 4 })],
      chat(),
      { memberId: 'ben', via: 'least-loaded' },
    ],
    ['capacity 0 takes nothing', rr(), [member('ana', { capacity: 0 }), member('ben')], chat(), { memberId: 'ben', via: 'round-robin' }],
    [
      'a member of other queues is skipped',
      rr(),
      [member('ana', { queues: ['sales'] }), member('ben', { queues: ['sales', 'support'] })],
      chat(),
      { memberId: 'ben', via: 'round-robin' },
    ],
    ['nobody works the queue', rr(), [member('ana', { queues: ['sales'] })], chat(), { none: 'nobody works this queue' }],
    ['no candidates at all', ll(), [], chat(), { none: 'nobody works this queue' }],
    [
      'members away, offline or disconnected',
      rr(),
      [member('ana', { availability: 'away' }), member('ben', { availability: 'offline' }), member('cam', { liveConnections: 0 })],
      chat(),
      { none: 'nobody available' },
    ],
    ['available ones are all full', ll(), [member('ana', { openOwned: 5 }), member('ben', { availability: 'away' })], chat(), { none: 'all at capacity' }],
    [
      'a disconnected member with room does not count as available',
      rr(),
      [member('ana', { openOwned: 5 }), member('ben', { liveConnections: 0 })],
      chat(),
      { none: 'all at capacity' },
    ],
  ])('%s', (_name, queue, candidates, conversation, expected) => {
    expect(pickAssignee(queue, candidates, conversation)).toEqual(expected);
  });

  it('a member becomes eligible again when they reconnect or free a slot', () => {
    const away = [member('ana', { liveConnections: 0 }), member('ben', { openOwned: 5 })];
    expect(pickAssignee(rr(), away, chat())).toEqual({ none: 'all at capacity' });
    expect(pickAssignee(rr(), [{ ...away[0]!, liveConnections: 2 }, away[1]!], chat())).toEqual({ memberId: 'ana', via: 'round-robin' });
    expect(pickAssignee(rr(), [away[0]!, { ...away[1]!, openOwned: 4 }], chat())).toEqual({ memberId: 'ben', via: 'round-robin' });
  });

  it('does not depend on the order of the candidates', () => {
    const reversed = [...team].reverse();
    expect(pickAssignee(rr('ben'), team, chat())).toEqual(pickAssignee(rr('ben'), reversed, chat()));
  });
});

describe('pickAssignee sticky', () => {
  it.each<Case>([
    ['returns the chat to an eligible last owner', rr('ana', true), team, chat('dan'), { memberId: 'dan', via: 'sticky' }],
    ['beats least-loaded', ll(null, true), [member('ana'), member('ben', { openOwned: 4 })], chat('ben'), { memberId: 'ben', via: 'sticky' }],
    ['applies in a manual queue', manual(true), team, chat('cam'), { memberId: 'cam', via: 'sticky' }],
    ['manual queue, last owner away: stays in the queue', manual(true), [member('cam', { availability: 'away' })], chat('cam'), { none: 'manual' }],
    [
      'last owner away: the mode decides',
      rr('ana', true),
      [member('ana'), member('ben'), member('dan', { availability: 'away' })],
      chat('dan'),
      { memberId: 'ben', via: 'round-robin' },
    ],
    [
      'last owner disconnected: the mode decides',
      rr(null, true),
      [member('ana'), member('dan', { liveConnections: 0 })],
      chat('dan'),
      { memberId: 'ana', via: 'round-robin' },
    ],
    [
      'last owner at capacity: the mode decides',
      ll(null, true),
      [member('ana', { openOwned: 2 }), member('dan', { openOwned: 5 })],
      chat('dan'),
      { memberId: 'ana', via: 'least-loaded' },
    ],
    [
      'last owner left the queue: the mode decides',
      rr(null, true),
      [member('ben'), member('dan', { queues: ['sales'] })],
      chat('dan'),
      { memberId: 'ben', via: 'round-robin' },
    ],
    ['last owner no longer a member: the mode decides', rr(null, true), [member('ben')], chat('zoe'), { memberId: 'ben', via: 'round-robin' }],
    ['sticky off ignores the last owner', rr('ana', false), team, chat('dan'), { memberId: 'ben', via: 'round-robin' }],
  ])('%s', (_name, queue, candidates, conversation, expected) => {
    expect(pickAssignee(queue, candidates, conversation)).toEqual(expected);
  });
});

describe('cursorAfter', () => {
  it.each<[string, QueueRouting, PickResult, string | null]>([
    ['a round-robin pick moves the cursor', rr('ana'), { memberId: 'ben', via: 'round-robin' }, 'ben'],
    ['a least-loaded pick moves the cursor', ll('ana'), { memberId: 'cam', via: 'least-loaded' }, 'cam'],
    ['a sticky pick leaves it', rr('ana', true), { memberId: 'dan', via: 'sticky' }, 'ana'],
    ['no pick leaves it', rr('ana'), { none: 'all at capacity' }, 'ana'],
    ['an unset cursor stays null', { mode: 'round-robin', sticky: true }, { memberId: 'dan', via: 'sticky' }, null],
  ])('%s', (_name, queue, pick, expected) => {
    expect(cursorAfter(queue, pick)).toBe(expected);
  });
});
