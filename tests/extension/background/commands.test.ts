import { describe, expect, it } from 'vitest';
import type { Api } from '../../../entrypoints/background/api-client';
import { commandHandlers } from '../../../entrypoints/background/commands';
import type { Call } from '../../../entrypoints/background/server-calls';
import type { CommandName, ConversationCommands } from '../../../utils/messaging';
import type { ConversationView } from '../../../utils/inbox/types';

const view = { id: 'c1', version: 7 } as ConversationView;

/** A stand-in for the tRPC client: every `.mutate(input)` is recorded by its procedure path and answers with the chat. */
function recordingApi() {
  const sent: Array<{ path: string; input: unknown }> = [];
  const at = (path: string[]): unknown =>
    new Proxy(() => undefined, {
      get: (_t, key: string) =>
        key === 'mutate' ? async (input: unknown) => (sent.push({ path: path.join('.'), input }), { conversation: view }) : at([...path, key]),
    });
  return { api: at([]) as Api, sent };
}

const answeredBy =
  (api: Api): Call =>
  async (fn) => ({ ok: true, value: await fn(api) });

const CASES: { [K in CommandName]: [ConversationCommands[K], string] } = {
  claim: [{ conversationId: 'c1', withLock: true }, 'assignment.claim'],
  release: [{ conversationId: 'c1' }, 'assignment.release'],
  assign: [{ conversationId: 'c1', memberId: 'bo', note: 'yours' }, 'assignment.assign'],
  handoff: [{ conversationId: 'c1', memberId: 'bo', note: 'yours' }, 'assignment.handoff'],
  takeOver: [{ conversationId: 'c1', reason: 'customer asked for me' }, 'assignment.takeOver'],
  requestHandoff: [{ conversationId: 'c1', note: 'I know them' }, 'assignment.requestHandoff'],
  answerHandoff: [{ conversationId: 'c1', requestedBy: 'bo', accept: true }, 'assignment.answerHandoff'],
  setStatus: [{ conversationId: 'c1', status: 'snoozed', snoozedUntil: 1_000 }, 'status.set'],
  setPriority: [{ conversationId: 'c1', priority: 'urgent' }, 'status.setPriority'],
  setLabels: [{ conversationId: 'c1', labels: ['vip'] }, 'status.setLabels'],
  setQueue: [{ conversationId: 'c1', queue: 'support' }, 'status.setQueue'],
  addNote: [{ conversationId: 'c1', body: 'called back' }, 'notes.add'],
  linkLead: [{ conversationId: 'c1', phone: '+5511999990000' }, 'automation.linkLead'],
};

describe('the command messages', () => {
  it('has one handler per command, and no other', () => {
    const { api } = recordingApi();
    expect(Object.keys(commandHandlers(answeredBy(api))).sort()).toEqual(Object.keys(CASES).sort());
  });

  it.each(Object.entries(CASES))('%s calls its own server procedure with its input and answers with the chat', async (name, [input, path]) => {
    const { api, sent } = recordingApi();
    const handlers = commandHandlers(answeredBy(api));
    const r = await handlers[name as CommandName](input as never);
    expect(sent).toEqual([{ path, input }]);
    expect(r).toEqual({ ok: true, value: view });
  });

  it('passes a refusal through as it came', async () => {
    const refusal = { ok: false as const, error: { code: 'CONFLICT', message: 'another member owns this chat', details: { reason: 'owned-by-other' } } };
    const handlers = commandHandlers(async () => refusal);
    expect(await handlers.claim({ conversationId: 'c1' })).toEqual(refusal);
  });
});
