import type { SettingsCall, SettingsReply } from '../../utils/inbox/settings-types';
import type { Api } from './api-client';

const done = { kind: 'done' } as const;

/** One change from the Settings page, made with the member's token; the server checks the role of every one. */
export async function callSettings(api: Api, call: SettingsCall, serverUrl: string): Promise<SettingsReply> {
  switch (call.kind) {
    case 'invite': {
      const out = await api.members.invite.mutate({ name: call.name, role: call.role });
      return { kind: 'invite', memberId: out.memberId, code: out.code, serverUrl };
    }
    case 'rotateWebhookSecret': {
      const out = await api.settings.rotateWebhookSecret.mutate({ graceHours: call.graceHours });
      return { kind: 'secret', secret: out.secret, previousValidUntil: out.previousValidUntil, url: `${serverUrl}${out.path}` };
    }
    case 'revoke':
      await api.members.revoke.mutate({ memberId: call.memberId });
      return done;
    case 'updateMember': {
      const { kind: _kind, ...input } = call;
      await api.members.update.mutate(input);
      return done;
    }
    case 'renameSelf':
      await api.members.rename.mutate({ name: call.name });
      return done;
    case 'createQueue':
      await api.settings.createQueue.mutate({ name: call.name });
      return done;
    case 'renameQueue':
      await api.settings.renameQueue.mutate({ queue: call.queue, to: call.to });
      return done;
    case 'archiveQueue':
      await api.settings.archiveQueue.mutate({ queue: call.queue, archived: call.archived });
      return done;
    case 'setDefaultQueue':
      await api.settings.setDefaultQueue.mutate({ queue: call.queue });
      return done;
    case 'setQueueRouting': {
      const { kind: _kind, ...input } = call;
      await api.routing.setQueue.mutate(input);
      return done;
    }
    case 'setPolicy':
      await api.sla.setPolicy.mutate({ queue: call.queue, policy: call.policy });
      return done;
    case 'setRules': {
      const { kind: _kind, ...input } = call;
      await api.settings.setRules.mutate(input);
      return done;
    }
  }
}
