import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { lastManagerViewItem, managerViewOrLastKnown } from '../../../entrypoints/background/manager-figures';
import type { InboxError, Result } from '../../../utils/inbox/types';
import type { ManagerView } from '../../../utils/metrics/manager-view';

const view = (open: number) =>
  ({
    coverage: { at: 1, total: { open, unowned: 0, unattended: 0, warning: 0, breaching: 0, ownedShare: null }, byQueue: {}, members: [] },
    trend: [],
  }) as unknown as ManagerView;
const ana = { memberId: 'mem_ana', serverUrl: 'http://127.0.0.1:8787' };
const answering = (v: ManagerView) => (async () => ({ ok: true, value: v })) as never;
const failing = (error: InboxError) => (async () => ({ ok: false, error }) as Result<never>) as never;
const unreachable: InboxError = { code: 'UNREACHABLE', message: 'the inbox server cannot be reached' };
const clock = (t: number) => () => t;

describe('the manager popup keeps the last known figures for offline', () => {
  beforeEach(() => fakeBrowser.reset());

  it('answers fresh figures and remembers them with their time and whose they are', async () => {
    const out = await managerViewOrLastKnown(answering(view(4)), ana, 'UTC', clock(1_000));
    expect(out).toEqual({ ok: true, value: { view: view(4), fetchedAt: 1_000, stale: false } });
    expect(await lastManagerViewItem.getValue()).toEqual({ ...ana, view: view(4), fetchedAt: 1_000 });
  });

  it('while the server cannot be reached, answers the last known figures marked stale with their time', async () => {
    await managerViewOrLastKnown(answering(view(4)), ana, 'UTC', clock(1_000));
    const out = await managerViewOrLastKnown(failing(unreachable), ana, 'UTC', clock(9_000));
    expect(out).toEqual({ ok: true, value: { view: view(4), fetchedAt: 1_000, stale: true } });
  });

  it('never shows one member or server the figures of another, and a refusal is shown as a refusal', async () => {
    await managerViewOrLastKnown(answering(view(4)), ana, 'UTC', clock(1_000));
    expect(await managerViewOrLastKnown(failing(unreachable), { ...ana, memberId: 'mem_bo' }, 'UTC')).toEqual({ ok: false, error: unreachable });
    expect(await managerViewOrLastKnown(failing(unreachable), { ...ana, serverUrl: 'https://other.example' }, 'UTC')).toEqual({
      ok: false,
      error: unreachable,
    });
    const forbidden: InboxError = { code: 'FORBIDDEN', message: 'only managers and admins can do this' };
    expect(await managerViewOrLastKnown(failing(forbidden), ana, 'UTC')).toEqual({ ok: false, error: forbidden });
  });

  it('with nothing known yet, offline is an error', async () => {
    expect(await managerViewOrLastKnown(failing(unreachable), ana, 'UTC')).toEqual({ ok: false, error: unreachable });
  });
});
