import type { CommandName, ConversationCommands } from '../../utils/messaging';
import type { ConversationView, LockGrant, LockOp, Result } from '../../utils/inbox/types';
import type { Api } from './api-client';
import type { Call } from './server-calls';

type Send<K extends CommandName> = (api: Api, input: ConversationCommands[K]) => Promise<{ conversation: ConversationView }>;

/** The server procedure each command message calls: a command left out or misspelt fails the type check. */
const SEND: { [K in CommandName]: Send<K> } = {
  claim: (api, input) => api.assignment.claim.mutate(input),
  release: (api, input) => api.assignment.release.mutate(input),
  assign: (api, input) => api.assignment.assign.mutate(input),
  handoff: (api, input) => api.assignment.handoff.mutate(input),
  takeOver: (api, input) => api.assignment.takeOver.mutate(input),
  requestHandoff: (api, input) => api.assignment.requestHandoff.mutate(input),
  answerHandoff: (api, input) => api.assignment.answerHandoff.mutate(input),
  setStatus: (api, input) => api.status.set.mutate(input),
  setPriority: (api, input) => api.status.setPriority.mutate(input),
  setLabels: (api, input) => api.status.setLabels.mutate(input),
  setQueue: (api, input) => api.status.setQueue.mutate(input),
  addNote: (api, input) => api.notes.add.mutate(input),
  linkLead: (api, input) => api.automation.linkLead.mutate(input),
};

export type CommandHandlers = { [K in CommandName]: (input: ConversationCommands[K]) => Promise<Result<ConversationView>> };

/** One handler per command message; each answers with the chat as the server left it (the call already cached it). */
export function commandHandlers(call: Call): CommandHandlers {
  const handler =
    <K extends CommandName>(name: K) =>
    async (input: ConversationCommands[K]): Promise<Result<ConversationView>> => {
      const r = await call((api) => SEND[name](api, input));
      return r.ok ? { ok: true, value: r.value.conversation } : r;
    };
  // Object.fromEntries loses the pairing of each name with its input type, which SEND above already checked.
  return Object.fromEntries((Object.keys(SEND) as CommandName[]).map((name) => [name, handler(name)])) as CommandHandlers;
}

/** The reply lock: taken before a send, renewed while typing, given back after. */
export async function lockOp(call: Call, op: LockOp): Promise<Result<LockGrant>> {
  const r = await call((api) =>
    op.kind === 'acquire'
      ? api.locks.acquire.mutate({ conversationId: op.conversationId })
      : op.kind === 'renew'
        ? api.locks.renew.mutate({ conversationId: op.conversationId, token: op.token })
        : api.locks.release.mutate({ conversationId: op.conversationId, token: op.token }),
  );
  return r.ok ? { ok: true, value: { token: r.value.token, expiresAt: r.value.expiresAt } } : r;
}
