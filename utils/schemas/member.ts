import { z } from 'zod';
import { Availability, Id, Role } from './common';

export const MemberView = z.object({
  id: Id,
  name: z.string(),
  initials: z.string(),
  color: z.string(),
  role: Role,
  availability: Availability,
  queues: z.array(z.string()),
  capacity: z.number().int(),
  online: z.boolean(),
});
export type MemberView = z.infer<typeof MemberView>;

export const Name = z.string().trim().min(1, 'name must not be empty').max(80, 'name must be at most 80 characters');
export const RedeemInviteInput = z.object({
  code: z.string().trim().min(6).max(64),
  name: Name.optional(),
});
export const InviteInput = z.object({ name: Name, role: Role });
export const SetAvailabilityInput = z.object({ availability: Availability });
export const UpdateMemberInput = z.object({
  memberId: Id,
  queues: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
  capacity: z.number().int().min(0).max(500).optional(),
  role: Role.optional(),
});
export const HeartbeatInput = z.object({
  connectionId: z.string().min(8).max(64),
  /** The number of a signed-in, healthy WhatsApp tab open in this browser; absent while none is (routing skips it). */
  channelId: Id.optional(),
  browser: z.string().max(120).optional(),
});

/** What the extension's WhatsApp adapter could and could not find; stored when it changes. */
export const AdapterHealthInput = z.object({
  checkedAt: z.string().datetime(),
  missing: z.array(z.string().max(40)).max(30),
  hooks: z.array(z.object({ name: z.string().max(40), status: z.enum(['found', 'missing', 'not-applicable']), via: z.string().max(200).nullable() })).max(30),
});
