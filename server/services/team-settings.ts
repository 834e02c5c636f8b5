import { nameKey } from '../../utils/schemas/member';
import type { SetRulesInput, WorkspaceRules } from '../../utils/schemas/settings';
import { QueueSlaPolicySchema } from '../../utils/schemas/sla';
import type { Store, Tx } from '../store/store';
import type { Actor, Deps } from './deps';
import { rotateWebhookSecret } from './automation/secrets';
import { listMembers } from './members';
import { changeSettings, getQueues, queueRouting } from './routing/settings';
import { ServiceError } from './service-error';
import { listPolicies } from './sla/policies';
import { loadSettings, type WorkspaceSettings } from './workspace-settings';

/** The rules every rep's extension follows; any member may read them. */
export async function workspaceRules(deps: Deps, workspaceId: string): Promise<WorkspaceRules> {
  const s = await loadSettings(deps.store, workspaceId);
  return {
    handoffNoteRequired: s.handoffNoteRequired,
    agentsCanTakeOver: s.agentsCanTakeOver,
    requireResolveReason: s.requireResolveReason,
    queues: s.queues,
    defaultQueue: s.defaultQueue,
  };
}

/** Everything the Settings page shows a manager: members, queues with routing and SLA, rules, the webhook. */
export async function teamSettings(deps: Deps, workspaceId: string) {
  const [settings, routing, policies, members, rules, webhook, channels] = await Promise.all([
    loadSettings(deps.store, workspaceId),
    getQueues(deps, workspaceId),
    listPolicies(deps, workspaceId),
    listMembers(deps, workspaceId),
    workspaceRules(deps, workspaceId),
    webhookStatus(deps, workspaceId),
    deps.store.channels.list(workspaceId),
  ]);
  const policyOf = new Map(policies.map((p) => [p.queue, p.policy]));
  const archived = settings.archivedQueues.map((name) => ({
    name,
    ...queueRouting(settings, name),
    waiting: 0,
    archived: true,
    policy: policyOf.get(name) ?? null,
  }));
  return {
    rules,
    queues: [...routing.queues.map((q) => ({ ...q, archived: false, policy: policyOf.get(q.name) ?? null })), ...archived],
    members,
    webhook,
    /** The team's WhatsApp numbers: the automation names one in every delivery. */
    channels,
  };
}

async function webhookStatus(deps: Deps, workspaceId: string) {
  const rows = await deps.store.automation.liveSecrets(workspaceId, deps.now());
  const current = rows.find((r) => r.expires_at === null);
  const grace = rows.filter((r) => r.expires_at !== null).map((r) => Number(r.expires_at));
  return {
    path: `/webhooks/automation/${workspaceId}`,
    currentSince: current ? Number(current.created_at) : null,
    previousValidUntil: grace.length ? Math.max(...grace) : null,
  };
}

const sameName = (a: string, b: string) => nameKey(a) === nameKey(b);

function assertFree(s: WorkspaceSettings, name: string, except?: string) {
  const clash = [...s.queues, ...s.archivedQueues].find((q) => q !== except && sameName(q, name));
  if (clash) throw new ServiceError('CONFLICT', `this workspace already has a queue called "${clash}"`, { reason: 'queue-exists' });
}

function assertActive(s: WorkspaceSettings, queue: string) {
  if (!s.queues.includes(queue))
    throw new ServiceError('BAD_REQUEST', `unknown queue "${queue}"; this workspace has: ${s.queues.join(', ')}`, { reason: 'unknown-queue' });
}

export async function createQueue(deps: Deps, actor: Actor, name: string) {
  await changeSettings(deps, actor, 'workspace.settings_changed', (raw, s) => {
    assertFree(s, name);
    raw.queues = [...s.queues, name];
    return { change: 'queue-created', queue: name };
  });
  return teamSettings(deps, actor.workspaceId);
}

/**
 * A rename moves everything that names the queue: its chats (each a new version), members' queues, its routing
 * and SLA policy, escalations that move chats to it, and the default queue. Past events keep the old name.
 */
export async function renameQueue(deps: Deps, actor: Actor, from: string, to: string) {
  const now = deps.now();
  await changeSettings(deps, actor, 'workspace.settings_changed', async (raw, s, tx) => {
    if (!s.queues.includes(from) && !s.archivedQueues.includes(from)) assertActive(s, from);
    if (from === to) throw new ServiceError('BAD_REQUEST', 'the new name is the same as the old one');
    assertFree(s, to, from);
    const swap = (q: string) => (q === from ? to : q);
    raw.queues = s.queues.map(swap);
    raw.archivedQueues = s.archivedQueues.map(swap);
    raw.defaultQueue = swap(s.defaultQueue);
    if (s.routing[from]) raw.routing = Object.fromEntries(Object.entries(raw.routing ?? {}).map(([q, r]) => [swap(q), r]));
    const moved = await deps.store.conversations.moveQueue(tx, actor.workspaceId, from, to, now);
    await deps.store.members.renameQueue(tx, actor.workspaceId, from, to);
    await renameInPolicies(deps.store, tx, actor.workspaceId, from, to);
    await deps.store.routing.dropCursor(tx, actor.workspaceId, from);
    return { change: 'queue-renamed', queue: to, from, conversations: moved };
  });
  return teamSettings(deps, actor.workspaceId);
}

async function renameInPolicies(store: Store, tx: Tx, workspaceId: string, from: string, to: string) {
  await store.slaPolicies.moveQueue(tx, workspaceId, from, to);
  for (const r of await store.slaPolicies.list(workspaceId, tx)) {
    const policy = QueueSlaPolicySchema.parse(r.policy);
    if (policy.escalation.moveToQueue !== from) continue;
    await store.slaPolicies.rewrite(tx, workspaceId, r.queue, { ...policy, escalation: { ...policy.escalation, moveToQueue: to } });
  }
}

/** An archived queue takes no new chats and is routed no more; the chats in it stay until someone moves them. */
export async function archiveQueue(deps: Deps, actor: Actor, queue: string, archived: boolean) {
  await changeSettings(deps, actor, 'workspace.settings_changed', async (raw, s, tx) => {
    if (!archived) {
      if (!s.archivedQueues.includes(queue)) throw new ServiceError('BAD_REQUEST', `"${queue}" is not archived`, { reason: 'unknown-queue' });
      raw.archivedQueues = s.archivedQueues.filter((q) => q !== queue);
      raw.queues = [...s.queues, queue];
      return { change: 'queue-restored', queue };
    }
    assertActive(s, queue);
    if (s.defaultQueue === queue)
      throw new ServiceError('BAD_REQUEST', 'the default queue cannot be archived: choose another default first', { reason: 'queue-is-default' });
    if (s.queues.length === 1) throw new ServiceError('BAD_REQUEST', 'the last queue cannot be archived', { reason: 'last-queue' });
    const rows = await deps.store.slaPolicies.list(actor.workspaceId, tx);
    const escalatesHere = rows.find((r) => r.queue !== queue && QueueSlaPolicySchema.parse(r.policy).escalation.moveToQueue === queue);
    if (escalatesHere)
      throw new ServiceError('BAD_REQUEST', `the SLA policy of "${escalatesHere.queue}" moves breached chats to this queue: change it first`, {
        reason: 'queue-is-escalation-target',
      });
    raw.queues = s.queues.filter((q) => q !== queue);
    raw.archivedQueues = [...s.archivedQueues, queue];
    return { change: 'queue-archived', queue };
  });
  return teamSettings(deps, actor.workspaceId);
}

export async function setDefaultQueue(deps: Deps, actor: Actor, queue: string) {
  await changeSettings(deps, actor, 'workspace.settings_changed', (raw, s) => {
    assertActive(s, queue);
    raw.defaultQueue = queue;
    return { change: 'default-queue', queue };
  });
  return teamSettings(deps, actor.workspaceId);
}

export async function setRules(deps: Deps, actor: Actor, input: SetRulesInput) {
  await changeSettings(deps, actor, 'workspace.settings_changed', (raw) => {
    const patch = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    Object.assign(raw, patch);
    return { change: 'rules', ...patch };
  });
  return workspaceRules(deps, actor.workspaceId);
}

/** A new webhook secret, shown this once; the rotation is logged (never the secret) so the team sees who did it. */
export async function rotateSecretFor(deps: Deps, actor: Actor, graceHours: number) {
  const out = await rotateWebhookSecret(deps, actor.workspaceId, graceHours * 3600_000, actor.memberId);
  return { secret: out.secret, previousValidUntil: out.previousValidUntil, path: `/webhooks/automation/${actor.workspaceId}` };
}
