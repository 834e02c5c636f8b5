import { describe, expect, it, vi } from 'vitest';
import { TabPorts } from '../../../entrypoints/background/tab-ports';
import type { Report, ReportsAck, Snapshot, TabPush } from '../../../utils/inbox/types';

/** A stand-in for a WhatsApp tab's port: what the worker posts, and a way to speak or hang up as the tab. */
function fakePort(tabId: number) {
  const posted: Array<TabPush | ReportsAck> = [];
  const listeners = { message: [] as Array<(msg: unknown) => void>, disconnect: [] as Array<() => void> };
  const port = {
    name: 'inbox-tab',
    sender: { tab: { id: tabId } },
    postMessage: (push: TabPush | ReportsAck) => void posted.push(push),
    onMessage: { addListener: (fn: (msg: unknown) => void) => void listeners.message.push(fn) },
    onDisconnect: { addListener: (fn: () => void) => void listeners.disconnect.push(fn) },
  };
  return {
    port: port as unknown as Parameters<TabPorts['add']>[0],
    posted,
    beat: (channelId: string | null, healthy: boolean) => listeners.message.forEach((fn) => fn({ type: 'heartbeat', at: 0, channelId, healthy })),
    close: () => listeners.disconnect.forEach((fn) => fn()),
    say: (msg: unknown) => listeners.message.forEach((fn) => fn(msg)),
  };
}

/** The worker's batching and acknowledgement windows, run by hand: a window is a call, not a wait. */
function manualTimer() {
  const due: Array<() => void> = [];
  return { set: (fn: () => void) => void due.push(fn), fire: () => due.splice(0).forEach((fn) => fn()) };
}
const noReports = async () => undefined;
/** What a tab received, batches opened up. */
const received = (posted: Array<TabPush | ReportsAck>): Array<TabPush | ReportsAck> =>
  posted.flatMap((p): Array<TabPush | ReportsAck> => (p.type === 'batch' ? p.pushes : [p]));

const snapshot = { signedIn: true } as Snapshot;
const status = (online: boolean, outboxPending: number) => ({ online, outboxPending, outboxConflicts: [] });

describe('the WhatsApp tabs connected to the worker', () => {
  it('hands a new tab the snapshot', async () => {
    const tabs = new TabPorts(
      async () => snapshot,
      () => undefined,
      noReports,
    );
    const a = fakePort(1);
    tabs.add(a.port);
    await vi.waitFor(() => expect(a.posted).toEqual([{ type: 'snapshot', snapshot }]));
  });

  it("says presence changed only when a tab's number or health changes, or the tab closes", () => {
    const changed = vi.fn();
    const tabs = new TabPorts(async () => snapshot, changed, noReports);
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
    const tabs = new TabPorts(
      async () => snapshot,
      () => undefined,
      noReports,
    );
    const sick = fakePort(1);
    const well = fakePort(2);
    tabs.add(sick.port);
    tabs.add(well.port);
    sick.beat('ch1', false);
    expect(tabs.liveChannel()).toBeUndefined();
    well.beat('ch2', true);
    expect(tabs.linked()).toEqual([
      { tabId: 2, channelId: 'ch2' },
      { tabId: 1, channelId: 'ch1' },
    ]);
    expect(tabs.liveChannel()).toBe('ch2');
  });

  it('pushes a status only when what tabs show changed: online, the outbox count alone is not news', () => {
    const timer = manualTimer();
    const tabs = new TabPorts(
      async () => snapshot,
      () => undefined,
      noReports,
      timer,
    );
    const a = fakePort(1);
    tabs.add(a.port);
    tabs.pushStatus(status(true, 1));
    tabs.pushStatus(status(true, 2));
    tabs.pushStatus(status(false, 2));
    tabs.pushStatus(status(false, 3));
    timer.fire();
    // The three arrived in one window: one message.
    expect(a.posted.filter((p) => p.type === 'batch')).toHaveLength(1);
    expect(received(a.posted).filter((p) => p.type === 'status')).toEqual([
      { type: 'status', ...status(true, 1) },
      { type: 'status', ...status(false, 2) },
      { type: 'status', ...status(false, 3) },
    ]);
  });

  it("stores a tab's chat-list reports and acknowledges them per port, once stored, at most once a window", async () => {
    const timer = manualTimer();
    const stored: Report[][] = [];
    const tabs = new TabPorts(
      async () => snapshot,
      () => undefined,
      async (reports) => void stored.push(reports),
      timer,
    );
    const a = fakePort(1);
    const b = fakePort(2);
    tabs.add(a.port);
    tabs.add(b.port);
    const report = (id: string): Report => ({ kind: 'held', conversationId: id, reason: 'bot' });
    a.say({ type: 'reports', seq: 1, reports: [report('c1')] });
    a.say({ type: 'reports', seq: 2, reports: [report('c2')] });
    b.say({ type: 'reports', seq: 7, reports: [report('c3')] });
    a.say({ type: 'reports', seq: 'x', reports: [report('c4')] });
    await vi.waitFor(() => expect(stored).toEqual([[report('c1')], [report('c2')], [report('c3')]]));
    timer.fire();
    expect(a.posted.filter((p) => p.type === 'ack')).toEqual([{ type: 'ack', upTo: 2 }]);
    expect(b.posted.filter((p) => p.type === 'ack')).toEqual([{ type: 'ack', upTo: 7 }]);
  });
});
