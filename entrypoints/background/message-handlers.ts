import { storage } from '#imports';
import { onMessage, type BackgroundProtocol } from '../../utils/messaging';
import type { AdapterHealth } from '../../utils/whatsapp/health';
import { conversationContext, linkedAccount, resolveChat } from './chat-lookups';
import { lockOp } from './commands';
import type { InboxBackground } from './inbox-background';
import { coverageChats, managerViewOrLastKnown, summaryReport } from './manager-figures';
import { callSettings } from './settings-calls';

/** Kept in extension storage: the worker may be stopped between a report and the options page asking for it. */
const healthItem = storage.defineItem<AdapterHealth | null>('local:adapterHealth', { fallback: null, version: 1 });

type Handler<F> = F extends (...args: infer A) => infer R ? (...args: A) => R | Promise<R> : never;
/** One handler per message the background answers: a message left out fails the type check. */
export type BackgroundHandlers = { [K in keyof BackgroundProtocol]: Handler<BackgroundProtocol[K]> };

/** Every request a tab or page can make; each answers with a Result, never a thrown error. */
export function backgroundHandlers(inbox: InboxBackground): BackgroundHandlers {
  const { call, session, presence } = inbox;
  return {
    ...inbox.commands,
    snapshot: () => inbox.snapshot(),
    signIn: (data) => session.signIn(data.serverUrl, data.code, data.name),
    signOut: () => session.signOut(),
    linkedAccount: (data) => linkedAccount(call, data.wid, () => void presence.heartbeat()),
    resolveChat: (data) => resolveChat(call, data),
    lock: (data) => lockOp(call, data),
    report: async (data) => {
      await inbox.whenReady();
      await inbox.outbox.enqueue(data);
      return { ok: true, value: { queued: true } };
    },
    reports: async (data) => {
      await inbox.whenReady();
      await inbox.outbox.enqueueAll(data);
      return { ok: true, value: { queued: data.length } };
    },
    context: (data) => conversationContext(call, data.conversationId),
    setAvailability: (data) => presence.setAvailability(data.availability),
    managerView: async (data) => {
      await inbox.whenReady();
      const viewer = session.me && session.serverUrl ? { memberId: session.me.id, serverUrl: session.serverUrl } : null;
      return managerViewOrLastKnown(call, viewer, data.timeZone);
    },
    coverageChats: (data) => coverageChats(call, data),
    summaryReport: (data) => summaryReport(call, data),
    // The server refuses agents; the Settings page then shows only their own profile.
    teamSettings: () => call(async (api) => ({ ...(await api.settings.team.query()), serverUrl: session.serverUrl! })),
    changeSettings: (data) => call((api) => callSettings(api, data, session.serverUrl!)),
    adapterHealth: async (data) => {
      await healthItem.setValue(data);
      await presence.reportAdapterHealth(data);
    },
    lastAdapterHealth: () => healthItem.getValue(),
    openChat: (data) => inbox.openChat(data.conversationId),
  };
}

export function registerMessageHandlers(inbox: InboxBackground) {
  const handlers = backgroundHandlers(inbox);
  for (const name of Object.keys(handlers) as Array<keyof BackgroundProtocol>) {
    // The table above is typed per message; the loop only hands each its own message's data.
    const handle = handlers[name] as (data: unknown) => unknown;
    onMessage(name, ({ data }) => handle(data) as never);
  }
}
