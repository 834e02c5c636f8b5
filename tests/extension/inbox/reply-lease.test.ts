import { describe, expect, it } from 'vitest';
import { ReplyLease } from '../../../entrypoints/whatsapp.content/reply-lease';
import { decideSend } from '../../../utils/inbox/guard-decision';
import type { ConversationView, LockGrant, LockOp, Result } from '../../../utils/inbox/types';

const TTL = 15_000;
const T0 = 1_800_000_000_000;

/** A fake background holding the server's view of one chat: who owns it, and the next token. */
function fakeServer(clock: { t: number }) {
  const state = { ownerId: 'me' as string | null, fence: 0, calls: [] as LockOp['kind'][] };
  const send = async (op: LockOp): Promise<Result<LockGrant>> => {
    state.calls.push(op.kind);
    if (state.ownerId !== 'me')
      return {
        ok: false,
        error: {
          code: 'CONFLICT',
          message: 'another member owns this chat',
          details: { reason: 'owned-by-other', ownerId: state.ownerId, ownerName: 'Ana Pérez' },
        },
      };
    if (op.kind === 'acquire') state.fence++;
    return { ok: true, value: { token: state.fence, expiresAt: clock.t + TTL } };
  };
  return { state, send };
}

const mine = { id: 'c1', ownerId: 'me', status: 'open', lock: null } as unknown as ConversationView;
const decide = (lease: ReplyLease, now: number) =>
  decideSend({
    now,
    meId: 'me',
    online: true,
    conversation: mine,
    myLease: lease.current('c1', now),
    composeStartedAt: now,
    lastForeignActivityAt: null,
    acknowledgedAt: null,
  });

/** A lease taken at T0, then a minute's sleep past its end. */
async function pausedPastLease() {
  const clock = { t: T0 };
  const server = fakeServer(clock);
  const lease = new ReplyLease(() => clock.t, server.send);
  await lease.touch('c1');
  clock.t += TTL + 60_000;
  return { clock, server, lease };
}

describe('ReplyLease on a clock moved by hand', () => {
  it('keeps the decision local while the lease is valid', async () => {
    const clock = { t: T0 };
    const server = fakeServer(clock);
    const lease = new ReplyLease(() => clock.t, server.send);
    await lease.touch('c1');
    clock.t += TTL - 1;
    expect(decide(lease, clock.t)).toEqual({ action: 'allow', token: 1 });
    expect(server.state.calls).toEqual(['acquire']);
  });

  it('a rep paused past the lease cannot send without taking the lock again', async () => {
    const { clock, lease } = await pausedPastLease();
    expect(lease.current('c1')).toBeNull();
    expect(decide(lease, clock.t)).toEqual({ action: 'retake-then-send' });
    const r = await lease.retake('c1');
    expect(r).toEqual({ ok: true, grant: { token: 2, expiresAt: clock.t + TTL } });
    expect(decide(lease, clock.t)).toEqual({ action: 'allow', token: 2 });
  });

  it('the retake is refused, naming the new owner, when the chat changed hands during the pause', async () => {
    const { server, lease } = await pausedPastLease();
    server.state.ownerId = 'ana';
    const r = await lease.retake('c1');
    expect(r).toMatchObject({ ok: false, error: { details: { reason: 'owned-by-other', ownerName: 'Ana Pérez' } } });
    expect(lease.current('c1')).toBeNull();
  });
});
