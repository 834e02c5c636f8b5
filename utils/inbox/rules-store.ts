import type { WorkspaceRules } from '../schemas/settings';

type Listener = () => void;

/**
 * The team's rules as this page last heard them, for UI that is drawn far from where the snapshot arrives (the
 * guard dialog): the tab's store sets them, components read them. One per page (a content script is one per tab).
 */
export function createRulesStore() {
  let rules: WorkspaceRules | null = null;
  const listeners = new Set<Listener>();
  return {
    get: () => rules,
    set(next: WorkspaceRules | null) {
      if (next === rules) return;
      rules = next;
      for (const l of listeners) l();
    },
    subscribe(l: Listener) {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
  };
}

export const workspaceRules = createRulesStore();
