import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../server/app';
import { readEnv } from '../../../server/env';
import { rotateWebhookSecret } from '../../../server/services/automation/secrets';
import { FLOW_DATA_MAX_BYTES, FLOW_DATA_MAX_DEPTH } from '../../../server/services/automation/events';
import { RateLimiter } from '../../../server/services/rate-limiter';
import { handleAutomationWebhook } from '../../../server/webhook/handler';
import { MAX_HOLIDAYS, MAX_RANGES_PER_DAY } from '../../../server/domain/sla/schedule';
import { MAX_TARGET_MS } from '../../../server/domain/sla/evaluate-sla';
import { signed } from '../automation/support';
import { routingWorld } from '../routing/support';
import { tempDbPath } from '../support/harness';
import { openStoreForSuite, storeFactories } from '../support/stores';

const DAY = 86_400_000;
/** `{"k":{"k":…1…}}`, `depth` objects one inside the other, as raw JSON text (absurd depths cost no recursion here). */
const nested = (depth: number) => `${'{"k":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe.each(storeFactories)('flow.step data is bounded: $name', (factory) => {
  const opened = openStoreForSuite(factory);

  it('refuses data nested too deep, too large, or holding unstorable text, with 400 naming data; the largest allowed is stored and read back', async () => {
    const w = await routingWorld(opened().store);
    const { secret } = await rotateWebhookSecret(w.world.deps, w.ws.id);
    let n = 0;
    const deliver = (dataJson: string) => {
      const body = `{"type":"flow.step","eventId":"evt-bound-${String(++n).padStart(4, '0')}","channelWid":"34699900001","phone":"+34612349999","flow":"f","step":"s","at":${w.clock.now()},"data":${dataJson}}`;
      const d = signed(secret, body, { nowMs: w.clock.now() });
      return handleAutomationWebhook(w.world.deps, w.ws.id, d.headers, d.raw);
    };
    const refusals = [
      `{"d":${nested(FLOW_DATA_MAX_DEPTH)}}`,
      `{"d":${nested(4_100)}}`,
      JSON.stringify({ big: 'x'.repeat(FLOW_DATA_MAX_BYTES) }),
      JSON.stringify({ deep: { text: 'bad\u0000' } }),
      '{"deep":{"text":"\\ud800"}}',
      '{"deep":{"\\u0000key":1}}',
    ];
    for (const data of refusals) {
      const out = await deliver(data);
      expect({ data: data.slice(0, 40), status: out.status }).toEqual({ data: data.slice(0, 40), status: 400 });
      expect(Object.keys(out.body.fields as object)).toEqual(['data']);
    }
    const deepest = JSON.parse(`{"d":${nested(FLOW_DATA_MAX_DEPTH - 1)}}`) as Record<string, unknown>;
    const ok = await deliver(JSON.stringify(deepest));
    expect(ok.status).toBe(200);
    const largest = { big: 'x'.repeat(FLOW_DATA_MAX_BYTES - 10) };
    expect(Buffer.byteLength(JSON.stringify(largest))).toBe(FLOW_DATA_MAX_BYTES);
    expect((await deliver(JSON.stringify(largest))).status).toBe(200);
    const history = await w.ws.admin.api.automation.flowHistory({ conversationId: ok.body.conversationId as string });
    expect(history.steps.map((s) => s.data)).toEqual([deepest, largest]);
    w.close();
  });
});

describe('SLA policies are bounded', () => {
  const opened = openStoreForSuite(storeFactories[0]);

  it('refuses more ranges a day, more holidays or longer targets than the limits, naming the field; the limits themselves pass', async () => {
    const w = await routingWorld(opened().store);
    const ranges = (n: number) => Array.from({ length: n }, (_, i) => ({ start: `${String(i).padStart(2, '0')}:00`, end: `${String(i).padStart(2, '0')}:30` }));
    const holidays = (n: number) => Array.from({ length: n }, (_, i) => new Date(Date.UTC(2027, 0, 1) + i * DAY).toISOString().slice(0, 10));
    const policy = (o: { ranges?: number; holidays?: number; target?: number }) => ({
      firstResponseMs: o.target ?? 3_600_000,
      warnAtFraction: 0.8,
      mode: {
        kind: 'business' as const,
        schedule: {
          timeZone: 'Europe/Madrid',
          weekly: { mon: ranges(o.ranges ?? 1), tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
          holidays: holidays(o.holidays ?? 0),
        },
      },
    });
    const set = (o: Parameters<typeof policy>[0]) => w.mia.api.sla.setPolicy({ queue: 'support', policy: policy(o) });
    const refused = async (o: Parameters<typeof policy>[0], field: RegExp) => {
      const err = await set(o).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(TRPCError);
      expect((err as TRPCError).code).toBe('BAD_REQUEST');
      expect((err as TRPCError).message).toMatch(field);
    };
    await refused({ ranges: MAX_RANGES_PER_DAY + 1 }, /"mon"[\s\S]*at most 12 ranges a day/);
    await refused({ holidays: MAX_HOLIDAYS + 1 }, /"holidays"[\s\S]*at most 400 holidays/);
    await refused({ target: MAX_TARGET_MS + 1 }, /"firstResponseMs"[\s\S]*at most 90 days/);
    await expect(set({ ranges: MAX_RANGES_PER_DAY, holidays: MAX_HOLIDAYS, target: MAX_TARGET_MS })).resolves.toBeDefined();
    w.close();
  });
});

describe('metrics over long ranges cost what they are', () => {
  const opened = openStoreForSuite(storeFactories[0]);

  it('a year-long summary takes a call per week from the member budget; a day-long one takes one', async () => {
    const w = await routingWorld(opened().store);
    w.world.deps.limiter = new RateLimiter({ member: { burst: 100, perSecond: 1 }, anonymous: null, authFailure: null }, w.clock.now);
    const year = { from: w.clock.now() - 364 * DAY, to: w.clock.now() };
    // 52 weeks: 52 of the 100 calls, so a second one does not fit.
    await w.mia.api.metrics.summary(year);
    await expect(w.mia.api.metrics.summary(year)).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    // The refused one still counted its single call: 100 - 52 - 1 = 47 day-long reads are left, not 48.
    for (let i = 0; i < 47; i++) await w.mia.api.metrics.summary({ from: w.clock.now() - DAY, to: w.clock.now() });
    await expect(w.mia.api.metrics.summary({ from: w.clock.now() - DAY, to: w.clock.now() })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    // A 90-day trend is 13 weeks; 13 s of refill pays for it.
    w.clock.advance(12_000);
    await expect(w.mia.api.metrics.trend({ days: 90 })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    w.clock.advance(13_000);
    await expect(w.mia.api.metrics.trend({ days: 90 })).resolves.toBeDefined();
    // The report (the CSV export) is charged the same way: with a fresh budget of 100, one year fits, a second does not.
    w.world.deps.limiter = new RateLimiter({ member: { burst: 100, perSecond: 1 }, anonymous: null, authFailure: null }, w.clock.now);
    await expect(w.mia.api.metrics.report(year)).resolves.toMatchObject({ range: year });
    await expect(w.mia.api.metrics.report(year)).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    w.close();
  });
});

describe('HTTP batches are bounded', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(readEnv({ PORT: '0', LOG_LEVEL: 'silent', DATABASE_URL: tempDbPath('batch') }));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers a batch of MAX_BATCH_SIZE calls and refuses one more with 400', async () => {
    const max = readEnv({}).MAX_BATCH_SIZE;
    const batch = (n: number) => fetch(`${server.url}/trpc/${Array(n).fill('events.ping').join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify({}))}`);
    const ok = await batch(max);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toHaveLength(max);
    const refused = await batch(max + 1);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toMatch(/Batch call exceeds maximum size/);
  });
});
