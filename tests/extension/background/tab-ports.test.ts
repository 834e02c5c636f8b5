import { describe, expect, it, vi } from 'vitest';
import { TabPorts } from '../../../entrypoints/background/tab-ports';
import type { Snapshot, TabPush } from '../../../utils/inbox/types';

/** A stand-in for a WhatsApp tab's port: what the worker posts, and a way to speak or hang up as the tab. */
function fakePort(tabId: number) {
  const posted: TabPush[] = [];
  const listeners = { message: [] as Array<(msg: unknown) => void>, disconnect: [] as Array<() => void> };
  const port = {
    name: 'inbox-tab',
    sender: { tab: { id: tabId } },
    postMessage: (push: TabPush) => void posted.push(push),
    onMessage: { addListener: (fn: (msg: unknown) => void) => void listeners.message.push(fn) },
    onDisconnect: { addListener: (fn: () => void) => void listeners.disconnect.push(fn) },
  };
  return {
    port: port as unknown as Parameters<TabPorts['add']>[0],
    posted,
    beat: (channelId: string | null, healthy: boolean) => listeners.message.forEach((fn) => fn({ type: 'heartbeat', at: 0, channelId, healthy })),
    close: () => listeners.disconnect.forEach((fn) => fn()),
  };
}

const snapshot = { signedIn: true } as Snapshot;
const status = (online: boolean, outboxPending: number) => ({ online, outboxPending, outboxConflicts: [] });

describe('the WhatsApp tabs connected to the worker', () => {
  it('hands a new tab the snapshot', async () => {
    const tabs = new TabPorts(async () => snapshot, () => undefined);
    const a = fakePort(1);
    tabs.add(a.port);
    await vi.waitFor(() => expect(a.posted).toEqual([{ type: 'snapshot', snapshot }]));
  });

  it('says presence changed only when a tab\'s number or health changes, or the tab closes', () => {
    const changed = vi.fn();
    const tabs = new TabPorts(async () => snapshot, changed);
    const a = fakePort(1);
    tabs.add(a.port);
    a.beat('ch1', true);
    a.beat('ch1', true);
    expect(changed).toHaveBeenCalledTimes(1);
    a.beat('ch1', false);
    expect(changed).toHaveBeenCalledTimes(2);
    a.close();
    expect(changed).toHaveBeenCalledTimes(3);
  });

  it('puts healthy tabs first and names the channel of a healthy one', () => {
    const tabs = new TabPorts(async () => snapshot, () => undefined);
    const sick = fakePort(1);
    const well = fakePort(2);
    tabs.add(sick.port);
    tabs.add(well.port);
    sick.beat('ch1', false);
    expect(tabs.liveChannel()).toBeUndefined();
    well.beat('ch2', true);
    expect(tabs.linked()).toEqual([{ tabId: 2, channelId: 'ch2' }, { tabId: 1, channelId: 'ch1' }]);
    expect(tabs.liveChannel()).toBe('ch2');
  });

  it('pushes a status only when what tabs show changed: online, the outbox count alone is not news', () => {
    const tabs = new TabPorts(async () => snapshot, () => undefined);
    const a = fakePort(1);
    tabs.add(a.port);
    tabs.pushStatus(status(true, 1));
    tabs.pushStatus(status(true, 2));
    tabs.pushStatus(status(false, 2));
    tabs.pushStatus(status(false, 3));
    expect(a.posted.filter((p) => p.type === 'status')).toEqual([
      { type: 'status', ...status(true, 1) },
      { type: 'status', ...status(false, 2) },
      { type: 'status', ...status(false, 3) },
    ]);
  });
});
