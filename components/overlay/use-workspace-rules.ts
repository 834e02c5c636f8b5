import { useSyncExternalStore } from 'react';
import { workspaceRules } from '../../utils/inbox/rules-store';

/** The team's rules, redrawn when a manager changes them (the feed reaches the tab's store, which sets them). */
export const useWorkspaceRules = () => useSyncExternalStore(workspaceRules.subscribe, workspaceRules.get);
