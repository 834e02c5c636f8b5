import { storage } from '#imports';
import type { EventView, WorkspaceRules } from '../../utils/inbox/types';

/** The team's rules as last read: kept in storage so a restarted worker hands tabs the same rules before it reconnects. */
export const rulesItem = storage.defineItem<WorkspaceRules | null>('local:workspaceRules', { fallback: null, version: 1 });

/** A queue renamed: every chat in it has a new version, so the worker reloads the list once rather than chat by chat. */
export const renamesQueue = (e: Pick<EventView, 'type' | 'data'>) => e.type === 'workspace.settings_changed' && e.data.change === 'queue-renamed';
