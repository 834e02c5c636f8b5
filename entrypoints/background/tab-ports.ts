import type { browser } from '#imports';
import type { OutboxConflict, Report, ReportsAck, Snapshot, TabBeat, TabPush, TabReports } from '../../utils/inbox/types';
import type { LinkedTab } from './open-chat';
import { realTimer, type Timer } from './once-per-window';
import { PUSH_BATCH_MS, PushBatcher } from './push-batcher';
import { ACK_EVERY_MS, ReportAcks } from './report-acks';

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
  private acks = new Map<Port, ReportAcks>();
  private pushes: PushBatcher;
  /** The status last pushed to tabs, to skip pushes that change nothing. */
  private lastStatus: string | null = null;

  constructor(
    private snapshot: () => Promise<Snapshot>,
    private onPresenceChange: () => void,
    /** Puts a tab's chat-list reports in the outbox; resolves once they are stored. */
    private storeReports: (reports: Report[]) => Promise<void>,
    private timer: Timer = realTimer,
  ) {
    this.pushes = new PushBatcher(
      (push) => {
        for (const p of this.ports) this.send(p, push);
      },
      PUSH_BATCH_MS,
      timer,
    );
  }

  add(port: Port) {
    this.ports.add(port);
    this.acks.set(port, new ReportAcks((ack) => this.send(port, ack), ACK_EVERY_MS, this.timer));
    port.onDisconnect.addListener(() => {
      this.ports.delete(port);
      this.acks.delete(port);
      // The last WhatsApp tab closing makes this rep unreachable for routing at once, not two minutes later.
      if (this.tabs.delete(port)) this.onPresenceChange();
    });
    port.onMessage.addListener((msg: unknown) => this.heard(port, msg));
    void this.snapshot().then((snapshot) => this.send(port, { type: 'snapshot', snapshot }));
  }

  private heard(port: Port, msg: unknown) {
    const reports = msg as Partial<TabReports>;
    if (reports?.type === 'reports')
      return void this.store(port, reports).catch((err) => console.warn('[inbox] reports not stored; the tab keeps them until acknowledged', err));
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

  /** To every tab; pushes close together travel as one batch (see PushBatcher). */
  broadcast(push: TabPush) {
    this.pushes.push(push);
  }

  /** A tab's chat-list reports: acknowledged once in the outbox, so a port that dies loses none. */
  private async store(port: Port, msg: Partial<TabReports>) {
    if (!Array.isArray(msg.reports) || !Number.isSafeInteger(msg.seq)) return;
    await this.storeReports(msg.reports);
    this.acks.get(port)?.stored(msg.seq!);
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

  private send(port: Port, push: TabPush | ReportsAck) {
    try {
      port.postMessage(push);
    } catch {
      this.ports.delete(port);
    }
  }
}
