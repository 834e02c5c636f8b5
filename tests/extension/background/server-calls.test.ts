import { TRPCClientError } from '@trpc/client';
import { describe, expect, it, vi } from 'vitest';
import type { Api } from '../../../entrypoints/background/api-client';
import { InboxState } from '../../../entrypoints/background/inbox-state';
import { serverCalls, type CallDeps } from '../../../entrypoints/background/server-calls';
import { AppDb } from '../../../utils/db/app-db';
import { conversation as conv } from '../support/conversation';

const refusal = (code: string) => new TRPCClientError('refused', { result: { error: { data: { code } } } } as never);

function setUp(api: Api | null = {} as Api) {
  const deps: CallDeps = {
    whenReady: async () => undefined,
    api: () => api,
    state: new InboxState(new AppDb(`calls-${Math.random()}`)),
    broadcast: vi.fn(),
    setOnline: vi.fn(),
    refreshBadge: vi.fn(),
    revoked: vi.fn(async () => undefined),
  };
  return { deps, call: serverCalls(deps) };
}

describe('a server call made for a tab or page', () => {
  it('refuses at once when nobody is signed in', async () => {
    const { call, deps } = setUp(null);
    expect(await call(async () => 1)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(deps.setOnline).not.toHaveBeenCalled();
  });

  it('caches the chat an answer carries and tells the tabs, once per version', async () => {
    const { call, deps } = setUp();
    const conversation = conv({ ownerId: 'ana', version: 2 });
    expect(await call(async () => ({ conversation }))).toEqual({ ok: true, value: { conversation } });
    await call(async () => ({ conversation }));
    expect(deps.state.conversations.get('c1')).toEqual(conversation);
    expect(deps.broadcast).toHaveBeenCalledTimes(1);
    expect(deps.broadcast).toHaveBeenCalledWith({ type: 'conversation', conversation, event: null });
    expect(deps.setOnline).toHaveBeenLastCalledWith(true);
  });

  it('an unreachable server marks the worker offline; a refused token signs out', async () => {
    const { call, deps } = setUp();
    expect(await call(async () => Promise.reject(new TypeError('fetch failed')))).toMatchObject({ ok: false, error: { code: 'UNREACHABLE' } });
    expect(deps.setOnline).toHaveBeenLastCalledWith(false);
    expect(await call(async () => Promise.reject(refusal('UNAUTHORIZED')))).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(deps.revoked).toHaveBeenCalledTimes(1);
  });
});
