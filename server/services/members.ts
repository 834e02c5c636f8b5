import { PostgresAdapter, sql } from 'kysely';
import type { Role, Availability } from '../../utils/schemas/common';
import { nameKey, type MemberView } from '../../utils/schemas/member';
import type { MemberTable } from '../store/tables';
import type { Tx } from '../store/store';
import type { Actor, Deps } from './deps';
import { hashSecret, newId, newSecret } from './ids';
import { ServiceError } from './service-error';
import { WorkspaceSettings, loadSettings } from './workspace-settings';

const COLORS = ['#0b7a75', '#7b3fa0', '#c2410c', '#1d4ed8', '#be185d', '#15803d', '#a16207', '#4338ca'];
const INVITE_TTL_MS = 7 * 24 * 3600_000;
/** A member counts as online while an extension of theirs has been seen within this window (product spec: 2 minutes). */
export const ONLINE_WINDOW_MS = 120_000;

export function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0][0], parts[parts.length - 1][0]] : [...(parts[0] ?? '?')].slice(0, 2);
  return letters.join('').toUpperCase();
}

export function memberView(row: MemberTable, online: boolean): MemberView {
  return {
    id: row.id,
    name: row.name,
    invitedName: row.invited_name !== null && row.invited_name !== row.name ? row.invited_name : null,
    initials: row.initials,
    color: row.color,
    role: row.role,
    availability: online ? row.availability : 'offline',
    queues: JSON.parse(row.queues),
    capacity: row.capacity,
    online,
  };
}

/** Names are unique per workspace, by how they read: nobody may take a teammate's name, nor the one they were invited under. */
async function assertNameFree(tx: Tx, workspaceId: string, name: string, self: string | null) {
  // PostgreSQL runs invites concurrently: the workspace's name checks take turns until commit (SQLite runs one transaction at a time).
  if (tx.getExecutor().adapter instanceof PostgresAdapter) await sql`select pg_advisory_xact_lock(727101, hashtext(${workspaceId}))`.execute(tx);
  const key = nameKey(name);
  const rows = await tx.selectFrom('members').select(['id', 'name', 'invited_name']).where('workspace_id', '=', workspaceId).where('revoked_at', 'is', null).execute();
  const clash = rows.find((r) => r.id !== self && (nameKey(r.name) === key || (r.invited_name !== null && nameKey(r.invited_name) === key)));
  if (clash) throw new ServiceError('CONFLICT', `a member of this workspace is already called "${clash.name}": choose another name`, { reason: 'name-taken' });
}

async function withPublish<T extends { eventId: number | null }>(deps: Deps, workspaceId: string, work: Promise<T>): Promise<T> {
  const out = await work;
  if (out.eventId !== null) deps.store.publish(workspaceId, out.eventId);
  return out;
}

export async function createWorkspace(deps: Deps, name: string) {
  const id = newId('ws');
  const now = deps.now();
  const settings = WorkspaceSettings.parse({});
  await deps.store.transaction(async (tx) => {
    await tx.insertInto('workspaces').values({ id, name, settings: JSON.stringify(settings), last_event_id: 0, created_at: now }).execute();
    await deps.store.events.append(tx, id, null, now, [{ type: 'workspace.created', conversationId: null, data: { name } }]);
  });
  const invite = await inviteMember(deps, { workspaceId: id, memberId: '', role: 'admin' }, 'Admin', 'admin');
  return { workspaceId: id, ...invite };
}

/** Creates the member now (so they can be assigned work) and returns a one-time invite code. */
export async function inviteMember(deps: Deps, actor: Actor, name: string, role: Role) {
  const memberId = newId('mem');
  const code = newSecret(12);
  const now = deps.now();
  const count = await deps.store.db.selectFrom('members').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', actor.workspaceId).executeTakeFirstOrThrow();
  return withPublish(deps, actor.workspaceId, deps.store.transaction(async (tx) => {
    // A new member works every queue in use until a manager says otherwise.
    const settings = await loadSettings(tx, actor.workspaceId);
    await assertNameFree(tx, actor.workspaceId, name, null);
    await tx.insertInto('members').values({ id: memberId, workspace_id: actor.workspaceId, name, invited_name: name, initials: initialsOf(name), color: COLORS[Number(count.n) % COLORS.length], role, availability: 'available', queues: JSON.stringify(settings.queues), capacity: 20, token_hash: null, revoked_at: null, created_at: now }).execute();
    await tx.insertInto('invites').values({ code_hash: hashSecret(code), workspace_id: actor.workspaceId, member_id: memberId, created_at: now, expires_at: now + INVITE_TTL_MS, redeemed_at: null }).execute();
    const eventId = await deps.store.events.append(tx, actor.workspaceId, actor.memberId || null, now, [{ type: 'member.invited', conversationId: null, data: { memberId, name, role } }]);
    return { memberId, code, eventId };
  }));
}

/** Redeems an invite once, for a member token; only the token's hash is kept. */
export async function redeemInvite(deps: Deps, code: string, name?: string) {
  const token = newSecret(32);
  const now = deps.now();
  const out = await deps.store.transaction(async (tx) => {
    const invite = await tx.selectFrom('invites').selectAll().where('code_hash', '=', hashSecret(code)).executeTakeFirst();
    if (!invite || invite.redeemed_at !== null || Number(invite.expires_at) < now) throw new ServiceError('UNAUTHORIZED', 'this invite code is unknown, expired or already used', { reason: 'invite-invalid' });
    const claimed = await tx.updateTable('invites').set({ redeemed_at: now }).where('code_hash', '=', invite.code_hash).where('redeemed_at', 'is', null).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new ServiceError('UNAUTHORIZED', 'this invite code was already used', { reason: 'invite-invalid' });
    if (name) await assertNameFree(tx, invite.workspace_id, name, invite.member_id);
    const patch = name ? { name, initials: initialsOf(name) } : {};
    await tx.updateTable('members').set({ ...patch, token_hash: hashSecret(token) }).where('id', '=', invite.member_id).where('revoked_at', 'is', null).execute();
    const member = await tx.selectFrom('members').selectAll().where('id', '=', invite.member_id).executeTakeFirstOrThrow();
    if (member.revoked_at !== null) throw new ServiceError('UNAUTHORIZED', 'this member was revoked', { reason: 'member-revoked' });
    const eventId = await deps.store.events.append(tx, invite.workspace_id, member.id, now, [{ type: 'member.joined', conversationId: null, data: { memberId: member.id, name: member.name } }]);
    return { member, eventId };
  });
  if (out.eventId !== null) deps.store.publish(out.member.workspace_id, out.eventId);
  return { token, member: memberView(out.member, false), workspaceId: out.member.workspace_id };
}

export async function authenticate(deps: Deps, token: string): Promise<Actor | null> {
  const m = await deps.store.db.selectFrom('members').select(['id', 'workspace_id', 'role']).where('token_hash', '=', hashSecret(token)).where('revoked_at', 'is', null).executeTakeFirst();
  return m ? { memberId: m.id, workspaceId: m.workspace_id, role: m.role } : null;
}

export async function listMembers(deps: Deps, workspaceId: string, opts: { includeRevoked?: boolean } = {}) {
  let q = deps.store.db.selectFrom('members').selectAll().where('workspace_id', '=', workspaceId);
  if (!opts.includeRevoked) q = q.where('revoked_at', 'is', null);
  const rows = await q.orderBy('created_at').execute();
  const since = deps.now() - ONLINE_WINDOW_MS;
  const live = await deps.store.db.selectFrom('connections').select('member_id').distinct().where('workspace_id', '=', workspaceId).where('last_seen', '>', since).execute();
  const online = new Set(live.map((r) => r.member_id));
  return rows.map((r) => ({ ...memberView(r, online.has(r.id)), revoked: r.revoked_at !== null }));
}

/** The signed-in member and their workspace: who the extension shows as signed in. */
export async function currentMember(deps: Deps, actor: Actor) {
  const members = await listMembers(deps, actor.workspaceId);
  const member = members.find((m) => m.id === actor.memberId)!;
  const workspace = await deps.store.db.selectFrom('workspaces').select(['id', 'name']).where('id', '=', actor.workspaceId).executeTakeFirstOrThrow();
  return { member, workspace };
}

export async function revokeMember(deps: Deps, actor: Actor, memberId: string) {
  const now = deps.now();
  return withPublish(deps, actor.workspaceId, deps.store.transaction(async (tx) => {
    const res = await tx.updateTable('members').set({ revoked_at: now, token_hash: null }).where('workspace_id', '=', actor.workspaceId).where('id', '=', memberId).where('revoked_at', 'is', null).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new ServiceError('NOT_FOUND', 'no active member with that id in this workspace');
    const eventId = await deps.store.events.append(tx, actor.workspaceId, actor.memberId || null, now, [{ type: 'member.revoked', conversationId: null, data: { memberId } }]);
    return { revoked: true, eventId };
  }));
}

export async function updateMember(deps: Deps, actor: Actor, memberId: string, patch: { availability?: Availability; queues?: string[]; capacity?: number; role?: Role }) {
  const now = deps.now();
  return withPublish(deps, actor.workspaceId, deps.store.transaction(async (tx) => {
    const cols = {
      ...(patch.availability ? { availability: patch.availability } : {}),
      ...(patch.queues ? { queues: JSON.stringify(patch.queues) } : {}),
      ...(patch.capacity !== undefined ? { capacity: patch.capacity } : {}),
      ...(patch.role ? { role: patch.role } : {}),
    };
    if (Object.keys(cols).length === 0) throw new ServiceError('BAD_REQUEST', 'nothing to change');
    const res = await tx.updateTable('members').set(cols).where('workspace_id', '=', actor.workspaceId).where('id', '=', memberId).where('revoked_at', 'is', null).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new ServiceError('NOT_FOUND', 'no active member with that id in this workspace');
    const eventId = await deps.store.events.append(tx, actor.workspaceId, actor.memberId, now, [{ type: 'member.updated', conversationId: null, data: { memberId, ...patch } }]);
    return { updated: true, eventId };
  }));
}

/** A member chooses the name teammates see; the invited one stays beside it (names stay unique by how they read). */
export async function renameMember(deps: Deps, actor: Actor, name: string) {
  const now = deps.now();
  return withPublish(deps, actor.workspaceId, deps.store.transaction(async (tx) => {
    await assertNameFree(tx, actor.workspaceId, name, actor.memberId);
    const res = await tx.updateTable('members').set({ name, initials: initialsOf(name) }).where('workspace_id', '=', actor.workspaceId).where('id', '=', actor.memberId).where('revoked_at', 'is', null).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new ServiceError('NOT_FOUND', 'no active member with that id in this workspace');
    const eventId = await deps.store.events.append(tx, actor.workspaceId, actor.memberId, now, [{ type: 'member.updated', conversationId: null, data: { memberId: actor.memberId, name } }]);
    return { renamed: true, eventId };
  }));
}

/** Presence: each running extension reports itself; "online" is derived from the last time it was seen. */
export async function heartbeat(deps: Deps, actor: Actor, input: { connectionId: string; channelId?: string; browser?: string }) {
  const now = deps.now();
  if (input.channelId) {
    const channel = await deps.store.db.selectFrom('channels').select('id').where('workspace_id', '=', actor.workspaceId).where('id', '=', input.channelId).executeTakeFirst();
    if (!channel) throw new ServiceError('NOT_FOUND', 'no such channel in this workspace');
  }
  await deps.store.db
    .insertInto('connections')
    .values({ id: `${actor.memberId}:${input.connectionId}`, workspace_id: actor.workspaceId, member_id: actor.memberId, channel_id: input.channelId ?? null, browser: input.browser ?? null, last_seen: now })
    .onConflict((oc) => oc.column('id').doUpdateSet({ last_seen: now, channel_id: input.channelId ?? null, browser: input.browser ?? null }))
    .execute();
  return { seenAt: now };
}
