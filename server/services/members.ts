import type { Role, Availability } from '../../utils/schemas/common';
import { nameKey, type MemberView } from '../../utils/schemas/member';
import type { MemberTable } from '../store/tables';
import type { Store, Tx } from '../store/store';
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
async function assertNameFree(store: Store, tx: Tx, workspaceId: string, name: string, self: string | null) {
  const key = nameKey(name);
  const rows = await store.members.namesForCheck(tx, workspaceId);
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
    await deps.store.workspaces.create(tx, { id, name, settings: JSON.stringify(settings), last_event_id: 0, created_at: now });
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
  const count = await deps.store.members.count(actor.workspaceId);
  return withPublish(
    deps,
    actor.workspaceId,
    deps.store.transaction(async (tx) => {
      // A new member works every queue in use until a manager says otherwise.
      const settings = await loadSettings(deps.store, actor.workspaceId, tx);
      await assertNameFree(deps.store, tx, actor.workspaceId, name, null);
      await deps.store.members.insert(tx, {
        id: memberId,
        workspace_id: actor.workspaceId,
        name,
        invited_name: name,
        initials: initialsOf(name),
        color: COLORS[count % COLORS.length],
        role,
        availability: 'available',
        queues: JSON.stringify(settings.queues),
        capacity: 20,
        token_hash: null,
        revoked_at: null,
        created_at: now,
      });
      await deps.store.members.addInvite(tx, {
        code_hash: hashSecret(code),
        workspace_id: actor.workspaceId,
        member_id: memberId,
        created_at: now,
        expires_at: now + INVITE_TTL_MS,
        redeemed_at: null,
      });
      const eventId = await deps.store.events.append(tx, actor.workspaceId, actor.memberId || null, now, [
        { type: 'member.invited', conversationId: null, data: { memberId, name, role } },
      ]);
      return { memberId, code, eventId };
    }),
  );
}

/** Redeems an invite once, for a member token; only the token's hash is kept. */
export async function redeemInvite(deps: Deps, code: string, name?: string) {
  const token = newSecret(32);
  const now = deps.now();
  const out = await deps.store.transaction(async (tx) => {
    const invite = await deps.store.members.findInvite(tx, hashSecret(code));
    if (!invite || invite.redeemed_at !== null || Number(invite.expires_at) < now)
      throw new ServiceError('UNAUTHORIZED', 'this invite code is unknown, expired or already used', { reason: 'invite-invalid' });
    if (!(await deps.store.members.redeemInvite(tx, invite.code_hash, now)))
      throw new ServiceError('UNAUTHORIZED', 'this invite code was already used', { reason: 'invite-invalid' });
    if (name) await assertNameFree(deps.store, tx, invite.workspace_id, name, invite.member_id);
    const patch = name ? { name, initials: initialsOf(name) } : {};
    await deps.store.members.updateActive(tx, invite.workspace_id, invite.member_id, { ...patch, token_hash: hashSecret(token) });
    const member = await deps.store.members.get(invite.workspace_id, invite.member_id, tx);
    if (!member) throw new Error(`invite ${invite.code_hash} names no member`);
    if (member.revoked_at !== null) throw new ServiceError('UNAUTHORIZED', 'this member was revoked', { reason: 'member-revoked' });
    const eventId = await deps.store.events.append(tx, invite.workspace_id, member.id, now, [
      { type: 'member.joined', conversationId: null, data: { memberId: member.id, name: member.name } },
    ]);
    return { member, eventId };
  });
  if (out.eventId !== null) deps.store.publish(out.member.workspace_id, out.eventId);
  return { token, member: memberView(out.member, false), workspaceId: out.member.workspace_id };
}

export async function authenticate(deps: Deps, token: string): Promise<Actor | null> {
  const m = await deps.store.members.byTokenHash(hashSecret(token));
  return m ? { memberId: m.id, workspaceId: m.workspace_id, role: m.role } : null;
}

export async function listMembers(deps: Deps, workspaceId: string, opts: { includeRevoked?: boolean } = {}) {
  const rows = await deps.store.members.list(workspaceId, opts);
  const online = await deps.store.members.onlineSince(workspaceId, deps.now() - ONLINE_WINDOW_MS);
  return rows.map((r) => ({ ...memberView(r, online.has(r.id)), revoked: r.revoked_at !== null }));
}

/** The signed-in member and their workspace: who the extension shows as signed in. */
export async function currentMember(deps: Deps, actor: Actor) {
  const members = await listMembers(deps, actor.workspaceId);
  const member = members.find((m) => m.id === actor.memberId)!;
  const workspace = await deps.store.workspaces.get(actor.workspaceId);
  if (!workspace) throw new ServiceError('NOT_FOUND', 'no such workspace');
  return { member, workspace };
}

export async function revokeMember(deps: Deps, actor: Actor, memberId: string) {
  const now = deps.now();
  return withPublish(
    deps,
    actor.workspaceId,
    deps.store.transaction(async (tx) => {
      if (!(await deps.store.members.updateActive(tx, actor.workspaceId, memberId, { revoked_at: now, token_hash: null })))
        throw new ServiceError('NOT_FOUND', 'no active member with that id in this workspace');
      const eventId = await deps.store.events.append(tx, actor.workspaceId, actor.memberId || null, now, [
        { type: 'member.revoked', conversationId: null, data: { memberId } },
      ]);
      return { revoked: true, eventId };
    }),
  );
}

export async function updateMember(
  deps: Deps,
  actor: Actor,
  memberId: string,
  patch: { availability?: Availability; queues?: string[]; capacity?: number; role?: Role },
) {
  const now = deps.now();
  return withPublish(
    deps,
    actor.workspaceId,
    deps.store.transaction(async (tx) => {
      const cols = {
        ...(patch.availability ? { availability: patch.availability } : {}),
        ...(patch.queues ? { queues: JSON.stringify(patch.queues) } : {}),
        ...(patch.capacity !== undefined ? { capacity: patch.capacity } : {}),
        ...(patch.role ? { role: patch.role } : {}),
      };
      if (Object.keys(cols).length === 0) throw new ServiceError('BAD_REQUEST', 'nothing to change');
      if (!(await deps.store.members.updateActive(tx, actor.workspaceId, memberId, cols)))
        throw new ServiceError('NOT_FOUND', 'no active member with that id in this workspace');
      const eventId = await deps.store.events.append(tx, actor.workspaceId, actor.memberId, now, [
        { type: 'member.updated', conversationId: null, data: { memberId, ...patch } },
      ]);
      return { updated: true, eventId };
    }),
  );
}

/** A member chooses the name teammates see; the invited one stays beside it (names stay unique by how they read). */
export async function renameMember(deps: Deps, actor: Actor, name: string) {
  const now = deps.now();
  return withPublish(
    deps,
    actor.workspaceId,
    deps.store.transaction(async (tx) => {
      await assertNameFree(deps.store, tx, actor.workspaceId, name, actor.memberId);
      if (!(await deps.store.members.updateActive(tx, actor.workspaceId, actor.memberId, { name, initials: initialsOf(name) })))
        throw new ServiceError('NOT_FOUND', 'no active member with that id in this workspace');
      const eventId = await deps.store.events.append(tx, actor.workspaceId, actor.memberId, now, [
        { type: 'member.updated', conversationId: null, data: { memberId: actor.memberId, name } },
      ]);
      return { renamed: true, eventId };
    }),
  );
}

/** Presence: each running extension reports itself; "online" is derived from the last time it was seen. */
export async function heartbeat(deps: Deps, actor: Actor, input: { connectionId: string; channelId?: string; browser?: string }) {
  const now = deps.now();
  if (input.channelId) {
    const channel = await deps.store.channels.get(actor.workspaceId, input.channelId);
    if (!channel) throw new ServiceError('NOT_FOUND', 'no such channel in this workspace');
  }
  await deps.store.members.touchConnection({
    id: `${actor.memberId}:${input.connectionId}`,
    workspaceId: actor.workspaceId,
    memberId: actor.memberId,
    channelId: input.channelId ?? null,
    browser: input.browser ?? null,
    now,
  });
  return { seenAt: now };
}
