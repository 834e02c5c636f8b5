import type { browser } from '#imports';
import type { OutboxConflict, Snapshot, TabBeat, TabPush } from '../../utils/inbox/types';
import type { LinkedTab } from './open-chat';

type Port = ReturnType<typeof browser.runtime.connect>;
/** What a WhatsApp tab last said of itself: presence counts for routing only with a healthy, linked tab. */
interface TabReport {
  channelId: string | null;
  healthy: boolean;
  tabId: number | null;
}
type Status = { online: boolean; outboxPending: number; outboxConflicts: OutboxConflict[] };

/** The WhatsApp tabs connected over their ports: what each says of itself, and what the worker pushes to them. */
export class TabPorts {
  private ports = new Set<Port>();
  private tabs = new Map<Port, TabReport>();
  /** The status last pushed to tabs, to skip pushes that change nothing. */
  private lastStatus: string | null = null;

  constructor(private snapshot: () => Promise<Snapshot>, private onPresenceChange: () => void) {}

  add(port: Port) {
    this.ports.add(port);
    port.onDisconnect.addListener(() => {
      this.ports.delete(port);
      // The last WhatsApp tab closing makes this rep unreachable for routing at once, not two minutes later.
      if (this.tabs.delete(port)) this.onPresenceChange();
    });
    port.onMessage.addListener((msg: unknown) => this.heard(port, msg));
    void this.snapshot().then((snapshot) => this.send(port, { type: 'snapshot', snapshot }));
  }

  private heard(port: Port, msg: unknown) {
    const beat = msg as Partial<TabBeat>;
    if (beat?.type !== 'heartbeat') return;
    const prev = this.tabs.get(port);
    const next = { channelId: typeof beat.channelId === 'string' ? beat.channelId : null, healthy: beat.healthy === true, tabId: port.sender?.tab?.id ?? null };
    this.tabs.set(port, next);
    if (!prev || prev.channelId !== next.channelId || prev.healthy !== next.healthy) this.onPresenceChange();
  }

  /** WhatsApp tabs whose content script is connected, the healthy ones first. */
  linked(): LinkedTab[] {
    return [...this.tabs.values()]
      .filter((t): t is TabReport & { tabId: number } => t.tabId !== null)
      .sort((a, b) => Number(b.healthy) - Number(a.healthy))
      .map((t) => ({ tabId: t.tabId, channelId: t.channelId }));
  }

  /** The number of a healthy WhatsApp tab open in this browser, or undefined while none is. */
  liveChannel(): string | undefined {
    for (const t of this.tabs.values()) if (t.healthy && t.channelId) return t.channelId;
    return undefined;
  }

  broadcast(push: TabPush) {
    for (const p of this.ports) this.send(p, push);
  }

  async broadcastSnapshot() {
    const snapshot = await this.snapshot();
    this.lastStatus = null;
    this.broadcast({ type: 'snapshot', snapshot });
  }

  /**
   * Tabs hear of the connection and outbox only when what they show changed. The outbox changes on every
   * report, but its count is shown only while offline: online, a new count alone is not worth a message.
   */
  pushStatus(status: Status) {
    const key = JSON.stringify({ ...status, outboxPending: status.online ? null : status.outboxPending });
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    this.broadcast({ type: 'status', ...status });
  }

  private send(port: Port, push: TabPush) {
    try {
      port.postMessage(push);
    } catch {
      this.ports.delete(port);
    }
  }
}
