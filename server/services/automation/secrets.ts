import type { Deps } from '../deps';
import { newId, newSecret } from '../ids';
import { ServiceError } from '../service-error';

/** How long a rotated-out secret keeps verifying, so an automation can switch over without dropping events. */
export const DEFAULT_GRACE_MS = 24 * 3600_000;

/**
 * Creates a new webhook secret for a workspace and returns it: the only time it is ever shown. Secrets that
 * were current stay valid for `graceMs` more (0 ends them now). HMAC verification needs the secret itself,
 * so it is stored as is, unlike member tokens, which are stored hashed.
 */
export async function rotateWebhookSecret(deps: Deps, workspaceId: string, graceMs = DEFAULT_GRACE_MS, actorId: string | null = null) {
  const now = deps.now();
  const secret = `whsec_${newSecret(32)}`;
  const until = now + Math.max(0, graceMs);
  const eventId = await deps.store.transaction(async (tx) => {
    const ws = await deps.store.workspaces.get(workspaceId, tx);
    if (!ws) throw new ServiceError('NOT_FOUND', `no workspace with id ${workspaceId}`);
    await deps.store.automation.rotateSecret(tx, { id: newId('whs'), workspace_id: workspaceId, secret, created_at: now, expires_at: null }, until);
    // Logged without the secret, so the team sees who rotated it and until when the old one works.
    return deps.store.events.append(tx, workspaceId, actorId, now, [
      { type: 'automation.secret_rotated', conversationId: null, data: { previousValidUntil: until, graceMs: Math.max(0, graceMs) } },
    ]);
  });
  if (eventId !== null) deps.store.publish(workspaceId, eventId);
  return { workspaceId, secret, previousValidUntil: new Date(until).toISOString() };
}

/** Every secret that verifies a delivery now: the current one and any still in their grace period. */
export async function activeWebhookSecrets(deps: Deps, workspaceId: string): Promise<string[]> {
  const rows = await deps.store.automation.liveSecrets(workspaceId, deps.now());
  return rows.map((r) => r.secret);
}
