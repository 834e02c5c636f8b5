import { setTimeout as sleep } from 'node:timers/promises';
import type { httpClient } from './http-client';

type Client = ReturnType<typeof httpClient>;

/**
 * Claim/release toggles, one sequential loop per group of conversations, as writers for feed tests.
 * `tolerate` rides out a server that is restarting; `pauseMs` spaces the writes out.
 */
export function toggleOwnership(client: Client, groups: string[][], opts: { rounds?: number; tolerate?: boolean; pauseMs?: number }) {
  const state = { stop: false, ok: 0, failed: 0, top: 0 };
  const done = Promise.all(
    groups.map(async (ids) => {
      for (let round = 0; opts.rounds === undefined ? !state.stop : round < opts.rounds; round++) {
        for (const conversationId of ids) {
          try {
            const out = round % 2 === 0 ? await client.assignment.claim.mutate({ conversationId }) : await client.assignment.release.mutate({ conversationId });
            state.ok++;
            if (out.eventId !== null) state.top = Math.max(state.top, out.eventId);
          } catch (err) {
            if (!opts.tolerate) throw err;
            state.failed++;
            await sleep(50);
          }
          if (opts.pauseMs) await sleep(opts.pauseMs);
        }
      }
    }),
  );
  return { state, done };
}

/** `n` JID-keyed conversations on the channel of `wid`, created through the API, in order. */
export async function createConversations(client: Client, n: number, wid: string, jidBase: number): Promise<string[]> {
  const channel = await client.conversations.resolveChannel.mutate({ wid });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const out = await client.conversations.resolve.mutate({ channelId: channel.id, title: `Customer ${i}`, jid: `${jidBase + i}@c.us` });
    if (!('conversation' in out)) throw new Error('unexpected ambiguous title');
    ids.push(out.conversation.id);
  }
  return ids;
}
