import type { Deps } from '../deps';
import { drainWorkspace } from './drain';
import { fireOwnerTimeouts } from './timeout';
import { isRoutingActive, queueRouting } from './settings';
import { loadSettings, WorkspaceSettings } from '../workspace-settings';
import { changesWorkspaceSettings } from '../../../utils/schemas/events';

export interface RoutingLoop {
  /** A full pass over every workspace with routing on: owner-response timeouts, then the backlog. */
  tick(): Promise<void>;
  /** Something changed in a workspace (a commit): drain its backlog soon. */
  kick(workspaceId: string): void;
  /** Resolves once no pass is running or scheduled. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs routing in the background. Every commit signal (release, resolve, availability change, a customer
 * message, a handoff, on any instance) kicks a drain of that workspace; a timer makes a full pass every
 * `intervalMs`, which fires owner-response timeouts and catches members who came online by heartbeat.
 * Passes run one at a time and each is bounded, so a busy workspace cannot starve the server.
 */
export function startRoutingLoop(deps: Deps, opts: { intervalMs?: number; batch?: number } = {}): RoutingLoop {
  const batch = opts.batch ?? 100;
  const dirty = new Set<string>();
  const settings = new SettingsCache(deps);
  let full = false;
  let scheduled = false;
  let stopped = false;
  let chain: Promise<void> = Promise.resolve();

  const activeWorkspaces = async () => {
    const rows = await deps.store.workspaces.allSettings();
    return rows
      .filter((r) => {
        const s = WorkspaceSettings.parse(r.settings);
        return s.queues.some((q) => isRoutingActive(queueRouting(s, q)));
      })
      .map((r) => r.id);
  };

  const pass = async () => {
    scheduled = false;
    const wasFull = full;
    const kicked = [...dirty];
    full = false;
    dirty.clear();
    // The full pass reads every workspace's settings afresh, so nothing cached outlives one interval.
    if (wasFull) settings.clear();
    // Failures are logged, never thrown: the next signal or tick simply tries again.
    const targets = wasFull ? await activeWorkspaces().catch((err) => (deps.log.error({ err }, 'routing pass failed'), [])) : kicked;
    for (const ws of targets) {
      if (stopped) return;
      try {
        if (wasFull) await fireOwnerTimeouts(deps, ws, { limit: batch });
        await drainWorkspace(deps, ws, { limit: batch, settings: () => settings.get(ws) });
      } catch (err) {
        deps.log.error({ err, workspaceId: ws }, 'routing pass failed');
      }
    }
  };

  const schedule = () => {
    if (scheduled || stopped) return chain;
    scheduled = true;
    chain = chain.then(pass, pass);
    return chain;
  };

  const unsubscribe = deps.store.onPublish((ws, _id, events) => {
    // Events handed over say what changed; a bare signal (another instance, the admin command line) may be anything.
    if (!events || events.some(changesWorkspaceSettings)) settings.forget(ws);
    dirty.add(ws);
    schedule();
  });
  const timer = opts.intervalMs ? setInterval(() => void loop.tick(), opts.intervalMs) : null;
  timer?.unref();

  const loop: RoutingLoop = {
    tick() {
      full = true;
      return schedule();
    },
    kick(workspaceId) {
      dirty.add(workspaceId);
      void schedule();
    },
    async idle() {
      while (scheduled) await chain;
      await chain;
    },
    async stop() {
      stopped = true;
      unsubscribe();
      if (timer) clearInterval(timer);
      await chain.catch(() => undefined);
    },
  };
  return loop;
}

/**
 * Each workspace's settings as last read, so that a drain kicked by every claim or message does not read them again:
 * a read that started before the entry was forgotten is not kept (it may predate the change that forgot it).
 */
class SettingsCache {
  private entries = new Map<string, WorkspaceSettings>();
  private generation = new Map<string, number>();

  constructor(private deps: Deps) {}

  async get(workspaceId: string): Promise<WorkspaceSettings> {
    const cached = this.entries.get(workspaceId);
    if (cached) return cached;
    const started = this.generation.get(workspaceId) ?? 0;
    const read = await loadSettings(this.deps.store, workspaceId);
    if ((this.generation.get(workspaceId) ?? 0) === started) this.entries.set(workspaceId, read);
    return read;
  }

  forget(workspaceId: string): void {
    this.entries.delete(workspaceId);
    this.generation.set(workspaceId, (this.generation.get(workspaceId) ?? 0) + 1);
  }

  clear(): void {
    for (const ws of this.entries.keys()) this.forget(ws);
  }
}
