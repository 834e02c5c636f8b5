import type { Deps } from '../deps';
import { drainWorkspace } from './drain';
import { fireOwnerTimeouts } from './timeout';
import { isRoutingActive, queueRouting } from './settings';
import { WorkspaceSettings } from '../workspace-settings';

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
    // Failures are logged, never thrown: the next signal or tick simply tries again.
    const targets = wasFull ? await activeWorkspaces().catch((err) => (deps.log.error({ err }, 'routing pass failed'), [])) : kicked;
    for (const ws of targets) {
      if (stopped) return;
      try {
        if (wasFull) await fireOwnerTimeouts(deps, ws, { limit: batch });
        await drainWorkspace(deps, ws, { limit: batch });
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

  const unsubscribe = deps.store.onPublish((ws) => {
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
