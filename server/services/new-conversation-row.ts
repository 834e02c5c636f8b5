import type { ConversationTable } from '../store/tables';
import { newId } from './ids';
import { EMPTY_SLA } from './sla/columns';

type Identity = Pick<ConversationTable, 'workspace_id' | 'channel_id' | 'chat_key' | 'jid' | 'title' | 'title_key' | 'kind' | 'phone' | 'queue'>;

/** A chat the server has not seen before: open, unowned, not waiting, no lock, no SLA clock, version 1. */
export function newConversationRow(identity: Identity, now: number): ConversationTable {
  return {
    id: newId('conv'),
    ...identity,
    status: 'open',
    owner_id: null,
    priority: 'normal',
    labels: '[]',
    waiting_since: null,
    episode: 1,
    snoozed_until: null,
    lock_holder: null,
    lock_token: null,
    lock_expires_at: null,
    fence: 0,
    merged_into: null,
    version: 1,
    created_at: now,
    updated_at: now,
    handoff_requests: '[]',
    ...EMPTY_SLA,
  };
}
