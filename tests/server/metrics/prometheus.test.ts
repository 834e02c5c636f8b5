import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../server/app';
import { readEnv } from '../../../server/env';
import { proceduresOf } from '../../../server/services/metrics/prometheus';
import { httpClient } from '../support/http-client';
import { tempDbPath } from '../support/harness';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const scrape = async () => (await fetch(`${server!.url}/metrics`)).text();
const value = (text: string, series: string) => Number(new RegExp(`^${series.replace(/[{}.]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);

describe('the Prometheus endpoint', () => {
  it('answers only the configured bearer token when METRICS_TOKEN is set', async () => {
    server = await startServer(readEnv({ PORT: '0', DATABASE_URL: tempDbPath('prom-token'), LOG_LEVEL: 'silent', METRICS_TOKEN: 'scrape-secret-1' }));
    const get = (authorization?: string) => fetch(`${server!.url}/metrics`, { headers: authorization ? { authorization } : {} });
    for (const auth of [undefined, 'Bearer wrong', 'Bearer scrape-secret-', 'scrape-secret-1']) {
      const res = await get(auth);
      expect(res.status).toBe(401);
      expect(await res.text()).not.toContain('process_cpu');
    }
    const ok = await get('Bearer scrape-secret-1');
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('process_cpu_user_seconds_total');
  });

  it('names procedures, and keeps odd paths in one label', () => {
    expect(proceduresOf('/trpc/assignment.claim,locks.acquire?batch=1')).toEqual(['assignment.claim', 'locks.acquire']);
    expect(proceduresOf('/trpc/%3Cscript%3E')).toEqual(['other']);
  });

  it('serves process metrics, request and claim counters, and the live-feed subscriber gauge', async () => {
    server = await startServer(readEnv({ PORT: '0', DATABASE_URL: tempDbPath('prom'), LOG_LEVEL: 'silent' }));
    const { token } = await httpClient(server.url).auth.redeemInvite.mutate({ code: server.firstInvite!.code });
    const admin = httpClient(server.url, token);
    const channel = await admin.conversations.resolveChannel.mutate({ wid: '34600000001' });
    const chat = await admin.conversations.resolve.mutate({ channelId: channel.id, jid: '34611111111@c.us' });
    if (chat.ambiguous) throw new Error('ambiguous');
    await admin.assignment.claim.mutate({ conversationId: chat.conversation.id });
    await admin.assignment.claim.mutate({ conversationId: 'conv_missing' }).catch(() => undefined);
    const sub = admin.events.feed.subscribe({ lastEventId: 0 }, { onData: () => undefined });
    await sleep(300);
    const open = await scrape();
    expect(open).toContain('process_cpu_user_seconds_total');
    expect(value(open, 'inbox_claims_total{outcome="ok"}')).toBe(1);
    expect(value(open, 'inbox_claims_total{outcome="refused"}')).toBe(1);
    expect(value(open, 'inbox_trpc_requests_total{procedure="assignment.claim",status="200"}')).toBe(1);
    expect(value(open, 'inbox_feed_subscribers')).toBe(1);
    sub.unsubscribe();
    await sleep(300);
    expect(value(await scrape(), 'inbox_feed_subscribers')).toBe(0);
    // The extension's transport: a socket counts while open.
    const overSocket = httpClient(server.url, token, { feed: 'ws' }).events.feed.subscribe({ lastEventId: 0 }, { onData: () => undefined });
    await sleep(300);
    expect(value(await scrape(), 'inbox_feed_subscribers')).toBe(1);
    overSocket.unsubscribe();
    // The client closes its idle socket 1 s after the last feed stops.
    for (let i = 0; i < 40 && value(await scrape(), 'inbox_feed_subscribers') !== 0; i++) await sleep(100);
    expect(value(await scrape(), 'inbox_feed_subscribers')).toBe(0);
  });
});
