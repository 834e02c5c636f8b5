import type { Role } from '../../utils/schemas/common';
import { badRequest, type Refusal } from './errors';

export type QueueMoveDecision = { ok: true; changed: boolean } | Refusal;

/**
 * Moving a chat to another queue redirects who works it, so it follows the assign rule: the owner or a manager
 * moves an owned chat, anyone an unowned one. The queue must be one of the workspace's.
 */
export function decideQueueMove(ownerId: string | null, actor: { id: string; role: Role }, from: string, to: string, queues: string[]): QueueMoveDecision {
  if (!queues.includes(to)) return badRequest(`unknown queue "${to}"; this workspace has: ${queues.join(', ')}`);
  if (ownerId && ownerId !== actor.id && actor.role === 'agent') {
    return { ok: false, code: 'CONFLICT', reason: 'owned-by-other', message: 'another member owns this chat', ownerId };
  }
  return { ok: true, changed: from !== to };
}
