import type { Actor, Deps } from './deps';

/** Logs a member's adapter report only when what is missing changed, so a WhatsApp release shows up once, not every minute. */
export async function reportAdapterHealth(
  deps: Deps,
  actor: Actor,
  input: { checkedAt: string; missing: string[]; hooks: Array<{ name: string; status: string; via: string | null }> },
) {
  const missing = [...input.missing].sort();
  const out = await deps.store.transaction(async (tx) => {
    const last = await deps.store.events.latest(actor.workspaceId, { actorId: actor.memberId, types: ['adapter.health_changed'] }, tx);
    const before = last ? (last.data as { missing: string[] }).missing : null;
    if (before && JSON.stringify(before) === JSON.stringify(missing)) return { changed: false, eventId: null };
    const eventId = await deps.store.events.append(tx, actor.workspaceId, actor.memberId, deps.now(), [
      { type: 'adapter.health_changed', conversationId: null, data: { missing, hooks: input.hooks, checkedAt: input.checkedAt } },
    ]);
    return { changed: true, eventId };
  });
  if (out.eventId !== null) deps.store.publish(actor.workspaceId, out.eventId);
  return { changed: out.changed };
}
