import { describe, expect, it } from 'vitest';
import { decideOwnership, type OwnershipCommand, type OwnershipEventType } from '../../../server/domain/ownership';
import type { Role } from '../../../utils/schemas/common';

const ME = 'mem_me';
const OTHER = 'mem_other';
const THIRD = 'mem_third';

type OwnerState = 'unowned' | 'mine' | 'other';
type CommandKind = OwnershipCommand['kind'];
type Outcome =
  | { kind: 'unchanged' }
  | { kind: 'refused'; code: 'CONFLICT' | 'FORBIDDEN' | 'BAD_REQUEST'; ownerId?: string }
  | { kind: 'changed'; event: OwnershipEventType; to: string | null; extra?: Record<string, unknown> };

const ownerOf: Record<OwnerState, string | null> = { unowned: null, mine: ME, other: OTHER };
// The matrix passes chats on to a third member, so "to" never equals the actor or the current owner.
const commands: Record<CommandKind, OwnershipCommand> = {
  claim: { kind: 'claim' },
  assign: { kind: 'assign', to: THIRD, note: 'over to you' },
  release: { kind: 'release' },
  handoff: { kind: 'handoff', to: THIRD, note: 'wants the annual plan' },
  takeOver: { kind: 'takeOver', reason: 'owner is out sick' },
};

const ALL_ROLES: Role[] = ['agent', 'manager', 'admin'];
const MANAGERS: Role[] = ['manager', 'admin'];
const unchanged: Outcome = { kind: 'unchanged' };
const refused = (code: 'CONFLICT' | 'FORBIDDEN' | 'BAD_REQUEST', ownerId?: string): Outcome => ({ kind: 'refused', code, ownerId });
const changed = (event: OwnershipEventType, to: string | null, extra?: Record<string, unknown>): Outcome => ({ kind: 'changed', event, to, extra });

// One row per behaviour; roles and policies listed together share it. The coverage test below proves the rows tile the whole matrix.
const rows: Array<[CommandKind, OwnerState, Role[], boolean[], Outcome]> = [
  ['claim', 'unowned', ALL_ROLES, [false, true], changed('ownership.claimed', ME)],
  ['claim', 'mine', ALL_ROLES, [false, true], unchanged],
  ['claim', 'other', ALL_ROLES, [false, true], refused('CONFLICT', OTHER)],

  ['assign', 'unowned', ['agent'], [false, true], refused('FORBIDDEN')],
  ['assign', 'unowned', MANAGERS, [false, true], changed('ownership.assigned', THIRD, { note: 'over to you' })],
  ['assign', 'mine', ALL_ROLES, [false, true], changed('ownership.assigned', THIRD, { note: 'over to you' })],
  ['assign', 'other', ['agent'], [false, true], refused('CONFLICT', OTHER)],
  ['assign', 'other', MANAGERS, [false, true], changed('ownership.assigned', THIRD, { note: 'over to you' })],

  ['release', 'unowned', ALL_ROLES, [false, true], unchanged],
  ['release', 'mine', ALL_ROLES, [false, true], changed('ownership.released', null)],
  ['release', 'other', ['agent'], [false, true], refused('CONFLICT', OTHER)],
  ['release', 'other', MANAGERS, [false, true], changed('ownership.released', null)],

  ['handoff', 'unowned', ALL_ROLES, [false, true], refused('BAD_REQUEST')],
  ['handoff', 'mine', ALL_ROLES, [false, true], changed('ownership.handed_off', THIRD, { note: 'wants the annual plan' })],
  ['handoff', 'other', ['agent'], [false, true], refused('CONFLICT', OTHER)],
  ['handoff', 'other', MANAGERS, [false, true], changed('ownership.handed_off', THIRD, { note: 'wants the annual plan' })],

  ['takeOver', 'unowned', ALL_ROLES, [false, true], refused('BAD_REQUEST')],
  ['takeOver', 'mine', ALL_ROLES, [false, true], unchanged],
  ['takeOver', 'other', ['agent'], [false], refused('FORBIDDEN')],
  ['takeOver', 'other', ['agent'], [true], changed('ownership.taken_over', ME, { reason: 'owner is out sick' })],
  ['takeOver', 'other', MANAGERS, [false, true], changed('ownership.taken_over', ME, { reason: 'owner is out sick' })],
];

const cases = rows.flatMap(([cmd, owner, roles, policies, outcome]) =>
  roles.flatMap((role) => policies.map((agentsCanTakeOver) => ({ cmd, owner, role, agentsCanTakeOver, outcome }))),
);

describe('decideOwnership: every command × owner state × role × policy', () => {
  it('the table covers each combination exactly once', () => {
    const keys = cases.map((c) => `${c.cmd}/${c.owner}/${c.role}/${c.agentsCanTakeOver}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(Object.keys(commands).length * Object.keys(ownerOf).length * ALL_ROLES.length * 2);
  });

  it.each(cases)('$cmd on a $owner chat by an $role (agentsCanTakeOver=$agentsCanTakeOver)', ({ cmd, owner, role, agentsCanTakeOver, outcome }) => {
    const current = ownerOf[owner];
    const decision = decideOwnership(current, { id: ME, role }, commands[cmd], { agentsCanTakeOver });
    switch (outcome.kind) {
      case 'unchanged':
        expect(decision).toEqual({ ok: true, changed: false, ownerId: current });
        break;
      case 'refused':
        expect(decision).toMatchObject({ ok: false, code: outcome.code });
        expect((decision as { message: string }).message.length).toBeGreaterThan(0);
        if (outcome.ownerId) expect(decision).toMatchObject({ reason: 'owned-by-other', ownerId: outcome.ownerId });
        break;
      case 'changed':
        expect(decision).toEqual({
          ok: true,
          changed: true,
          ownerId: outcome.to,
          event: outcome.event,
          data: { from: current, to: outcome.to, ...outcome.extra },
        });
        break;
    }
  });
});

describe('decideOwnership: targets that are already the owner', () => {
  it.each([
    ['agent assigns their own chat to themselves', ME, 'agent', { kind: 'assign', to: ME }, { ok: true, changed: false, ownerId: ME }],
    [
      'manager assigns a chat to its current owner',
      OTHER,
      'manager',
      { kind: 'assign', to: OTHER, note: 'yours' },
      { ok: true, changed: false, ownerId: OTHER },
    ],
    [
      'manager assigns an unowned chat to themselves',
      null,
      'manager',
      { kind: 'assign', to: ME },
      { ok: true, changed: true, ownerId: ME, event: 'ownership.assigned', data: { from: null, to: ME } },
    ],
  ] as const)('%s', (_name, owner, role, cmd, expected) => {
    expect(decideOwnership(owner, { id: ME, role }, cmd as OwnershipCommand, { agentsCanTakeOver: false })).toEqual(expected);
  });

  it.each([
    ['owner hands off to themselves', ME, 'agent'],
    ['manager hands off to the current owner', OTHER, 'manager'],
  ] as const)('%s is a bad request', (_name, owner, role) => {
    const decision = decideOwnership(owner, { id: ME, role }, { kind: 'handoff', to: owner, note: 'same person' }, { agentsCanTakeOver: true });
    expect(decision).toMatchObject({ ok: false, code: 'BAD_REQUEST', message: expect.stringContaining('already belongs'), reason: 'already-theirs' });
  });

  it('an assignment without a note records no note key', () => {
    const decision = decideOwnership(ME, { id: ME, role: 'agent' }, { kind: 'assign', to: THIRD }, { agentsCanTakeOver: false });
    expect(decision).toEqual({ ok: true, changed: true, ownerId: THIRD, event: 'ownership.assigned', data: { from: ME, to: THIRD } });
  });
});
