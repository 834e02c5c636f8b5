import type { ConversationView } from '../../utils/schemas/conversation';
import type { EventView } from '../../utils/schemas/events';
import type { Refusal } from '../domain/errors';
import type { ConversationTable } from '../store/tables';
import type { Store, Tx } from '../store/store';
import type { Actor, Deps } from './deps';
import type { NewEvent } from '../store/event-log';
import { conversationView } from './conversation-view';
import { ServiceError } from './service-error';
import { withSlaClock } from './sla/clock-hook';
import { dropRequestsOnOwnerChange } from './handoff-request-column';

export interface Mutation<R> {
  patch: Partial<ConversationTable> | null;
  events: NewEvent[];
  result: R;
}

export type MutationResult<R> = R & { conversation: ConversationView; eventId: number | null };

class VersionMoved extends Error {}
/** A refusal of a change to a chat this transaction created: thrown so that the creation rolls back with it. */
class RefusedNewChat extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

/** A chat found (read for change), or created in the mutation's own transaction (with the events saying so), instead of one read by id. */
export type LoadOrCreate = (tx: Tx, now: number, store: Store) => Promise<{ row: ConversationTable; events: NewEvent[] }>;
const MAX_ATTEMPTS = 5;

/** Turns a domain refusal into an error that names the member in the way. */
export async function refuse(deps: Deps, refusal: Refusal): Promise<never> {
  if (refusal.code !== 'CONFLICT') throw new ServiceError(refusal.code, refusal.message, refusal.reason ? { reason: refusal.reason } : {});
  const ids = [refusal.ownerId, refusal.holderId].filter((x): x is string => !!x);
  const names = await deps.store.members.names(ids);
  const who = names.get(refusal.ownerId ?? refusal.holderId ?? '');
  throw new ServiceError('CONFLICT', who ? `${refusal.message}: ${who}` : refusal.message, {
    reason: refusal.reason,
    ownerId: refusal.ownerId ?? null,
    ownerName: refusal.ownerId ? (names.get(refusal.ownerId) ?? null) : null,
    holderId: refusal.holderId ?? null,
    holderName: refusal.holderId ? (names.get(refusal.holderId) ?? null) : null,
  });
}

/**
 * The one way a conversation changes: read it (locked), decide, compare-and-set on its version, append the
 * events, store the idempotent response, commit; and only then wake the live feed.
 */
export async function mutateConversation<R extends object>(
  deps: Deps,
  actor: Actor,
  target: string | LoadOrCreate,
  idempotencyKey: string | undefined,
  decide: (row: ConversationTable, tx: Tx, now: number) => Promise<Mutation<R> | Refusal> | Mutation<R> | Refusal,
): Promise<MutationResult<R>> {
  const { store } = deps;
  const conversationId = typeof target === 'string' ? target : null;
  const loadOrCreate = typeof target === 'string' ? null : target;
  for (let attempt = 1; ; attempt++) {
    try {
      const out = await store.transaction(async (tx) => {
        if (idempotencyKey) {
          const seen = await store.idempotency.find(tx, actor.workspaceId, idempotencyKey);
          if (seen) {
            // A replay is the same member repeating the same change; anything else reusing the key is a client bug.
            const stored = JSON.parse(seen.response) as MutationResult<R>;
            if (seen.member_id !== actor.memberId || stored.conversation?.id !== conversationId)
              throw new ServiceError('BAD_REQUEST', 'this idempotency key was already used for another change');
            return { response: stored, eventId: null };
          }
        }
        const now = deps.now();
        const created = loadOrCreate ? await loadOrCreate(tx, now, store) : null;
        const row = created?.row ?? (await store.conversations.loadForChange(tx, actor.workspaceId, conversationId!));
        if (!row) throw new ServiceError('NOT_FOUND', 'no such conversation in this workspace');
        const decision = await decide(row, tx, now);
        if ('ok' in decision) {
          if (created?.events.length) throw new RefusedNewChat(decision as Refusal);
          return { refusal: decision as Refusal };
        }
        // The SLA clock starts and stops in the same transaction as the change that moves it.
        const patch = dropRequestsOnOwnerChange(row, await withSlaClock(store, tx, row, decision.patch, decision.events, now));
        let next = row;
        if (patch) {
          next = { ...row, ...patch, version: Number(row.version) + 1, updated_at: now };
          if (!(await store.conversations.writeIfUnchanged(tx, row, patch, now))) throw new VersionMoved();
        }
        const view = { ...decision.result, conversation: conversationView(next, now) };
        const events = created ? [...created.events, ...decision.events] : decision.events;
        // The last write: on PostgreSQL it commits too, so nothing may follow it in this transaction.
        const eventId = await store.events.appendAndCommit(tx, {
          workspaceId: actor.workspaceId,
          actorId: actor.memberId,
          at: now,
          events,
          idempotency: idempotencyKey ? { key: idempotencyKey, memberId: actor.memberId, response: view } : null,
        });
        const committed = eventId === null ? undefined : committedEvents(events, eventId, actor.memberId, now, view.conversation);
        return { response: { ...view, eventId } as MutationResult<R>, eventId, committed };
      });
      if ('refusal' in out) return refuse(deps, out.refusal as Refusal);
      if (out.eventId !== null) store.publish(actor.workspaceId, out.eventId, out.committed);
      return out.response;
    } catch (err) {
      if (err instanceof RefusedNewChat) return refuse(deps, err.refusal);
      if (attempt < MAX_ATTEMPTS && (err instanceof VersionMoved || isUniqueViolation(err))) continue;
      throw err;
    }
  }
}

/**
 * The events as the feed would read them back (same fields, in the same order, data through JSON), each carrying
 * the conversation as this commit left it; undefined when one concerns another conversation, whose state this
 * mutation does not have (the feed reads those).
 */
function committedEvents(events: NewEvent[], lastId: number, actorId: string, at: number, conversation: ConversationView): EventView[] | undefined {
  if (events.some((e) => e.conversationId !== null && e.conversationId !== conversation.id)) return undefined;
  const first = lastId - events.length + 1;
  return events.map((e, i) => {
    const view: EventView = { id: first + i, type: e.type, conversationId: e.conversationId, actorId, at, data: JSON.parse(JSON.stringify(e.data)) };
    return e.conversationId ? { ...view, conversation } : view;
  });
}

/** A concurrent duplicate of an idempotent request lost the insert race; the retry returns the stored response. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
