import { z } from 'zod';
import { Availability, Id, QueueName, Role, Str } from './common';

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

export const Name = Str().trim().min(1, 'name must not be empty').max(80, 'name must be at most 80 characters');
export const RedeemInviteInput = z.object({
  code: Str().trim().min(6).max(64),
  name: Name.optional(),
});
export const InviteInput = z.object({ name: Name, role: Role });
export const SetAvailabilityInput = z.object({ availability: Availability });
export const UpdateMemberInput = z.object({
  memberId: Id,
  queues: z.array(QueueName).max(20).optional(),
  capacity: z.number().int().min(0).max(500).optional(),
  role: Role.optional(),
});
export const HeartbeatInput = z.object({
  connectionId: Str().min(8).max(64),
  channelId: Id.optional(),
  browser: Str().max(120).optional(),
});

/** What the extension's WhatsApp adapter could and could not find; stored when it changes. */
export const AdapterHealthInput = z.object({
  checkedAt: z.string().datetime(),
  missing: z.array(Str().max(40)).max(30),
  hooks: z.array(z.object({ name: Str().max(40), status: z.enum(['found', 'missing', 'not-applicable']), via: Str().max(200).nullable() })).max(30),
});
