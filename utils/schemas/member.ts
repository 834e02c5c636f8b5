import { z } from 'zod';
import { Availability, Id, QueueName, Role, Str } from './common';

export const MemberView = z.object({
  id: Id,
  name: z.string(),
  /** The name the member was invited under, when they chose another one (shown beside it); else null. */
  invitedName: z.string().nullable(),
  initials: z.string(),
  color: z.string(),
  role: Role,
  availability: Availability,
  queues: z.array(z.string()),
  capacity: z.number().int(),
  online: z.boolean(),
});
export type MemberView = z.infer<typeof MemberView>;

// Bidi overrides and isolates, zero-width characters, soft hyphens and control characters: they let a name look like another.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is stripped.
const DECEPTIVE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** A display name as stored and shown: deceptive characters removed, NFKC, single spaces. */
export const normaliseName = (name: string) => name.replace(DECEPTIVE, '').normalize('NFKC').replace(/\s+/g, ' ').trim();
/** Two names that read alike compare equal by this key; names are unique by it within a workspace. */
export const nameKey = (name: string) => normaliseName(name).toLocaleLowerCase('und');

export const Name = Str().transform(normaliseName).pipe(z.string().min(1, 'name must not be empty').max(80, 'name must be at most 80 characters'));

/** A member's name with the invited one beside it when they differ: what every list and badge shows. */
export const displayName = (m: Pick<MemberView, 'name' | 'invitedName'>) => (m.invitedName ? `${m.name} (invited as ${m.invitedName})` : m.name);
export const RedeemInviteInput = z.object({
  code: Str().trim().min(6).max(64),
  name: Name.optional(),
});
export const InviteInput = z.object({ name: Name, role: Role });
export const RenameSelfInput = z.object({ name: Name });
export const SetAvailabilityInput = z.object({ availability: Availability });
export const UpdateMemberInput = z.object({
  memberId: Id,
  queues: z.array(QueueName).max(20).optional(),
  capacity: z.number().int().min(0).max(500).optional(),
  role: Role.optional(),
});
export const HeartbeatInput = z.object({
  connectionId: Str().min(8).max(64),
  /** The number of a signed-in, healthy WhatsApp tab open in this browser; absent while none is (routing skips it). */
  channelId: Id.optional(),
  browser: Str().max(120).optional(),
});

/** What the extension's WhatsApp adapter could and could not find; stored when it changes. */
export const AdapterHealthInput = z.object({
  checkedAt: z.string().datetime(),
  missing: z.array(Str().max(40)).max(30),
  hooks: z.array(z.object({ name: Str().max(40), status: z.enum(['found', 'missing', 'not-applicable']), via: Str().max(200).nullable() })).max(30),
});
