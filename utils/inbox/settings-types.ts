import type { ServerInputs as Inputs, ServerOutputs as Outputs } from '../server-contract';

/** What the Settings page shows a manager, plus the server address the extension uses (for invites and the webhook). */
export type TeamSettingsView = Outputs['settings']['team'] & { serverUrl: string };
export type TeamQueue = TeamSettingsView['queues'][number];
export type TeamMember = TeamSettingsView['members'][number];

/** Every change the Settings page makes, sent through the background (which alone holds the token). */
export type SettingsCall =
  | ({ kind: 'invite' } & Inputs['members']['invite'])
  | ({ kind: 'revoke' } & Inputs['members']['revoke'])
  | ({ kind: 'updateMember' } & Inputs['members']['update'])
  | ({ kind: 'renameSelf' } & Inputs['members']['rename'])
  | ({ kind: 'createQueue' } & Inputs['settings']['createQueue'])
  | ({ kind: 'renameQueue' } & Inputs['settings']['renameQueue'])
  | ({ kind: 'archiveQueue' } & Inputs['settings']['archiveQueue'])
  | ({ kind: 'setDefaultQueue' } & Inputs['settings']['setDefaultQueue'])
  | ({ kind: 'setQueueRouting' } & Inputs['routing']['setQueue'])
  | ({ kind: 'setPolicy' } & Inputs['sla']['setPolicy'])
  | ({ kind: 'setRules' } & Inputs['settings']['setRules'])
  | ({ kind: 'rotateWebhookSecret' } & Inputs['settings']['rotateWebhookSecret']);

export type SettingsReply =
  | { kind: 'done' }
  /** The one-time invite code, and where the invited person signs in. */
  | { kind: 'invite'; memberId: string; code: string; serverUrl: string }
  /** The new webhook secret, shown once, and the full address deliveries go to. */
  | { kind: 'secret'; secret: string; previousValidUntil: string; url: string };
