import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../server/routers/_app';
import type { Role } from '../schemas/common';
import type { SetQueueRoutingInput, SetRulesInput } from '../schemas/settings';
import type { SetSlaPolicyInput } from '../schemas/sla';

type Outputs = inferRouterOutputs<AppRouter>;

/** What the Settings page shows a manager, plus the server address the extension uses (for invites and the webhook). */
export type TeamSettingsView = Outputs['settings']['team'] & { serverUrl: string };
export type TeamQueue = TeamSettingsView['queues'][number];
export type TeamMember = TeamSettingsView['members'][number];

/** Every change the Settings page makes, sent through the background (which alone holds the token). */
export type SettingsCall =
  | { kind: 'invite'; name: string; role: Role }
  | { kind: 'revoke'; memberId: string }
  | { kind: 'updateMember'; memberId: string; queues?: string[]; capacity?: number; role?: Role }
  | { kind: 'renameSelf'; name: string }
  | { kind: 'createQueue'; name: string }
  | { kind: 'renameQueue'; queue: string; to: string }
  | { kind: 'archiveQueue'; queue: string; archived: boolean }
  | { kind: 'setDefaultQueue'; queue: string }
  | ({ kind: 'setQueueRouting' } & SetQueueRoutingInput)
  | ({ kind: 'setPolicy' } & SetSlaPolicyInput)
  | ({ kind: 'setRules' } & SetRulesInput)
  | { kind: 'rotateWebhookSecret'; graceHours: number };

export type SettingsReply =
  | { kind: 'done' }
  /** The one-time invite code, and where the invited person signs in. */
  | { kind: 'invite'; memberId: string; code: string; serverUrl: string }
  /** The new webhook secret, shown once, and the full address deliveries go to. */
  | { kind: 'secret'; secret: string; previousValidUntil: string; url: string };
