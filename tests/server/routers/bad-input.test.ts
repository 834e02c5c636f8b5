import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { appRouter } from '../../../server/routers/_app';
import { readEnv } from '../../../server/env';
import { tempDbPath } from '../support/harness';
import { freePort, LOAD_TEST_LIMITS, spawnServer, type SpawnedServer } from '../support/spawn-server';

/** The server's default request size limit, read from the same place the server reads it. */
const MAX_BODY_BYTES = readEnv({}).MAX_BODY_BYTES;

type ProcType = 'query' | 'mutation' | 'subscription';
interface Ids {
  conversationId: string;
  memberId: string;
  channelId: string;
}
interface Spec {
  type: ProcType;
  isPublic?: boolean;
  /** A valid input; absent for procedures that take none. Each bad case breaks exactly one field of it. */
  valid?: (ids: Ids) => Record<string, unknown>;
  wrongType?: [field: string, value: unknown];
  /**
   * The field left out; '' sends no input at all (for inputs whose fields are all optional); null when nothing
   * can be missing because the input itself has a default (no input is then a valid call, not a bad one).
   */
  missing?: string | null;
  oversized?: [field: string, value: unknown];
}

const long = (n: number) => 'x'.repeat(n);

const specs: Record<string, Spec> = {
  'auth.redeemInvite': {
    type: 'mutation',
    isPublic: true,
    valid: () => ({ code: 'abcdefgh12', name: 'Zed' }),
    wrongType: ['code', 12345678],
    missing: 'code',
    oversized: ['code', long(65)],
  },
  'auth.me': { type: 'query' },
  'members.list': { type: 'query' },
  'members.invite': {
    type: 'mutation',
    valid: () => ({ name: 'New Hire', role: 'agent' }),
    wrongType: ['role', 5],
    missing: 'name',
    oversized: ['name', long(81)],
  },
  'members.revoke': {
    type: 'mutation',
    valid: (i) => ({ memberId: i.memberId }),
    wrongType: ['memberId', []],
    missing: 'memberId',
    oversized: ['memberId', long(65)],
  },
  'members.update': {
    type: 'mutation',
    valid: (i) => ({ memberId: i.memberId, capacity: 5 }),
    wrongType: ['capacity', '5'],
    missing: 'memberId',
    oversized: ['queues', [long(41)]],
  },
  'members.setAvailability': {
    type: 'mutation',
    valid: () => ({ availability: 'away' }),
    wrongType: ['availability', true],
    missing: 'availability',
    oversized: ['availability', long(1000)],
  },
  'members.heartbeat': {
    type: 'mutation',
    valid: () => ({ connectionId: 'conn-00001' }),
    wrongType: ['connectionId', 12345678],
    missing: 'connectionId',
    oversized: ['browser', long(121)],
  },
  'members.reportAdapterHealth': {
    type: 'mutation',
    valid: () => ({ checkedAt: '2026-11-25T09:00:00Z', missing: [], hooks: [] }),
    wrongType: ['checkedAt', 5],
    missing: 'checkedAt',
    oversized: ['missing', [long(41)]],
  },
  'conversations.resolveChannel': {
    type: 'mutation',
    valid: () => ({ wid: '34600000002' }),
    wrongType: ['wid', 34600000002],
    missing: 'wid',
    oversized: ['name', long(81)],
  },
  'conversations.resolve': {
    type: 'mutation',
    valid: (i) => ({ channelId: i.channelId, title: 'New chat' }),
    wrongType: ['title', 5],
    missing: 'channelId',
    oversized: ['title', long(201)],
  },
  'conversations.get': {
    type: 'query',
    valid: (i) => ({ conversationId: i.conversationId }),
    wrongType: ['conversationId', 1],
    missing: 'conversationId',
    oversized: ['conversationId', long(65)],
  },
  'conversations.list': { type: 'query', valid: () => ({}), wrongType: ['limit', 'ten'], missing: '', oversized: ['channelId', long(65)] },
  'conversations.context': {
    type: 'query',
    valid: (i) => ({ conversationId: i.conversationId }),
    wrongType: ['conversationId', null],
    missing: 'conversationId',
    oversized: ['conversationId', long(65)],
  },
  'assignment.claim': {
    type: 'mutation',
    valid: (i) => ({ conversationId: i.conversationId }),
    wrongType: ['conversationId', true],
    missing: 'conversationId',
    oversized: ['idempotencyKey', long(101)],
  },
  'assignment.assign': {
    type: 'mutation',
    valid: (i) => ({ conversationId: i.conversationId, memberId: i.memberId }),
    wrongType: ['memberId', 7],
    missing: 'memberId',
    oversized: ['note', long(2001)],
  },
  'assignment.release': {
    type: 'mutation',
    valid: (i) => ({ conversationId: i.conversationId }),
    wrongType: ['idempotencyKey', 12345678],
    missing: 'conversationId',
    oversized: ['conversationId', long(65)],
  },
  'assignment.handoff': {
    type: 'mutation',
    valid: (i) => ({ conversationId: i.conversationId, memberId: i.memberId, note: 'over to you' }),
    wrongType: ['note', 5],
    missing: 'note',
    oversized: ['note', long(2001)],
  },
  'assignment.requestHandoff': {
    type: 'mutation',
    valid: (i) => ({ conversationId: i.conversationId, note: 'please' }),
    wrongType: ['note', 5],
    missing: 'conversationId',
    oversized: ['note', long(2001)],
  },
  'assignment.answerHandoff': {
    type: 'mutation',
    valid: (i) => ({ conversationId: i.conversationId, requestedBy: i.memberId, accept: true }),
    wrongType: ['accept', 'yes'],
    missing: 'accept',
    oversized: ['requestedBy', long(65)],
  },
  'assignment.takeOver': {
    type: 'mutation',
    valid: (i) => ({ conversationId: i.conversationId, reason: 'owner is out' }),
    wrongType: ['reason', {}],
    missing: 'reason',
    oversized: ['reason', long(501)],
  },
  'locks.acquire': {
    type: 'mutation',
    valid: (i) => ({ conversationId: i.conversationId }),
    wrongType: ['conversationId', 5],
    missing: 'conversationId',
    oversized: ['conversationId', long(65)],
  },
  'locks.renew': {
    type: 'mutation',
    valid: (i) => ({ conversationId: i.conversationId, token: 1 }),
    wrongType: ['token', '1'],
    missing: 'token',
    oversized: ['conversationId', long(65)],
  },
  'locks.release': {
    type: 'mutation',
    valid: (i) => ({ conversationId: i.conversationId, token: 1 }),
    wrongType: ['token', 1.5],
    missing: 'token',
    oversized: ['conversationId', long(65)],
  },
  'status.set': {
    type: 'mutation',
    valid: (i) => ({ conversationId: i.conversationId, status: 'pending' }),
    wrongType: ['snoozedUntil', 'tomorrow'],
    missing: 'status',
    oversized: ['reason', long(501)],
  },
  'status.setPriority': {
    type: 'mutation',
    valid: (i) => ({ conversationId: i.conversationId, priority: 'high' }),
    wrongType: ['priority', 3],
    missing: 'priority',
    oversized: ['idempotencyKey', long(101)],
  },
  'status.setLabels': {
    type: 'mutation',
    valid: (i) => ({ conversationId: i.conversationId, labels: ['vip'] }),
    wrongType: ['labels', 'vip'],
    missing: 'labels',
    oversized: ['labels', [long(41)]],
  },
  'status.setQueue': {
    type: 'mutation',
    valid: (i) => ({ conversationId: i.conversationId, queue: 'support' }),
    wrongType: ['queue', 1],
    missing: 'queue',
    oversized: ['queue', long(41)],
  },
  'notes.add': {
    type: 'mutation',
    valid: (i) => ({ conversationId: i.conversationId, body: 'called back' }),
    wrongType: ['body', 5],
    missing: 'body',
    oversized: ['body', long(4001)],
  },
  'observations.message': {
    type: 'mutation',
    valid: (i) => ({ conversationId: i.conversationId, direction: 'in', at: 1, messageId: 'm-1' }),
    wrongType: ['at', '1'],
    missing: 'direction',
    oversized: ['messageId', long(129)],
  },
  'observations.listActivity': {
    type: 'mutation',
    valid: (i) => ({ chat: { channelId: i.channelId, title: 'Row title' }, direction: 'in', at: 1, unread: 1, backfill: false, seenAt: 1 }),
    wrongType: ['unread', '1'],
    missing: 'backfill',
    oversized: ['unread', 1_000_001],
  },
  'observations.send': {
    type: 'mutation',
    valid: (i) => ({ conversationId: i.conversationId, token: 1, at: 1, idempotencyKey: 'send-00001' }),
    wrongType: ['token', 'x'],
    missing: 'idempotencyKey',
    oversized: ['messageId', long(129)],
  },
  'observations.held': {
    type: 'mutation',
    valid: (i) => ({ conversationId: i.conversationId, reason: 'bot', idempotencyKey: 'held-00001' }),
    wrongType: ['reason', 1],
    missing: 'reason',
    oversized: ['idempotencyKey', long(101)],
  },
  'observations.unguarded': {
    type: 'mutation',
    valid: (i) => ({ conversationId: i.conversationId, at: 1, messageId: 'u-1', path: 'dialog button icon send' }),
    wrongType: ['at', 'now'],
    missing: 'path',
    oversized: ['path', long(81)],
  },
  'observations.override': {
    type: 'mutation',
    valid: (i) => ({ conversationId: i.conversationId, reason: 'urgent', at: 1, idempotencyKey: 'ovr-000001' }),
    wrongType: ['at', 'now'],
    missing: 'at',
    oversized: ['reason', long(501)],
  },
  'events.feed': {
    type: 'subscription',
    valid: () => ({ lastEventId: 0 }),
    wrongType: ['lastEventId', true],
    missing: '',
    oversized: ['lastEventId', '1'.repeat(16)],
  },
  'events.head': { type: 'query' },
  'events.ping': { type: 'query', isPublic: true },
  'sla.getPolicies': { type: 'query' },
  'sla.setPolicy': {
    type: 'mutation',
    valid: () => ({ queue: 'support', policy: { firstResponseMs: 60_000, warnAtFraction: 0.8, mode: { kind: 'wall' } } }),
    wrongType: ['policy', 'none'],
    missing: 'policy',
    oversized: ['queue', long(41)],
  },
  'sla.clocks': {
    type: 'query',
    valid: (i) => ({ conversationIds: [i.conversationId] }),
    wrongType: ['conversationIds', 'conv_1'],
    missing: 'conversationIds',
    oversized: ['conversationIds', [long(65)]],
  },
  'metrics.summary': {
    type: 'query',
    valid: () => ({ from: 0, to: 86_400_000 }),
    wrongType: ['from', 'yesterday'],
    missing: 'from',
    oversized: ['queue', long(41)],
  },
  'metrics.coverage': { type: 'query' },
  'metrics.report': {
    type: 'query',
    valid: () => ({ from: 0, to: 86_400_000 }),
    wrongType: ['to', 'tomorrow'],
    missing: 'to',
    oversized: ['unresolvedAfterMs', 91 * 86_400_000],
  },
  'metrics.coverageChats': {
    type: 'query',
    valid: () => ({ kind: 'unowned', queue: 'support' }),
    wrongType: ['kind', 7],
    missing: 'kind',
    oversized: ['queue', long(41)],
  },
  'metrics.trend': { type: 'query', valid: () => ({ days: 7 }), wrongType: ['days', '7'], missing: 'days', oversized: ['queue', long(41)] },
  'routing.getQueues': { type: 'query' },
  'routing.setQueue': {
    type: 'mutation',
    valid: () => ({ queue: 'support', mode: 'round-robin' }),
    wrongType: ['sticky', 'yes'],
    missing: 'queue',
    oversized: ['queue', long(41)],
  },
  'routing.setHandoffRule': {
    type: 'mutation',
    valid: () => ({ handoffNoteRequired: false }),
    wrongType: ['handoffNoteRequired', 'no'],
    missing: 'handoffNoteRequired',
    oversized: ['handoffNoteRequired', long(1000)],
  },
  'routing.drain': { type: 'mutation', valid: () => ({ limit: 10 }), wrongType: ['limit', 'ten'], missing: null, oversized: ['limit', 501] },
  'automation.flowHistory': {
    type: 'query',
    valid: (i) => ({ conversationId: i.conversationId }),
    wrongType: ['conversationId', 5],
    missing: 'conversationId',
    oversized: ['conversationId', long(65)],
  },
  'automation.linkLead': {
    type: 'mutation',
    valid: (i) => ({ conversationId: i.conversationId, jid: '34622222222@c.us' }),
    wrongType: ['jid', 34622222222],
    missing: 'conversationId',
    oversized: ['phone', '1'.repeat(21)],
  },
  'automation.takeOverFromBot': {
    type: 'mutation',
    valid: (i) => ({ conversationId: i.conversationId, reason: 'bot is stuck' }),
    wrongType: ['reason', 5],
    missing: 'conversationId',
    oversized: ['reason', long(501)],
  },
  'members.rename': { type: 'mutation', valid: () => ({ name: 'Renamed Self' }), wrongType: ['name', 5], missing: 'name', oversized: ['name', long(81)] },
  'settings.rules': { type: 'query' },
  'settings.team': { type: 'query' },
  'settings.createQueue': { type: 'mutation', valid: () => ({ name: 'billing' }), wrongType: ['name', 5], missing: 'name', oversized: ['name', long(41)] },
  'settings.renameQueue': {
    type: 'mutation',
    valid: () => ({ queue: 'post-sale', to: 'after-sale' }),
    wrongType: ['to', 5],
    missing: 'to',
    oversized: ['to', long(41)],
  },
  'settings.archiveQueue': {
    type: 'mutation',
    valid: () => ({ queue: 'post-sale', archived: true }),
    wrongType: ['archived', 'yes'],
    missing: 'archived',
    oversized: ['queue', long(41)],
  },
  'settings.setDefaultQueue': {
    type: 'mutation',
    valid: () => ({ queue: 'support' }),
    wrongType: ['queue', 5],
    missing: 'queue',
    oversized: ['queue', long(41)],
  },
  'settings.setRules': {
    type: 'mutation',
    valid: () => ({ agentsCanTakeOver: true }),
    wrongType: ['agentsCanTakeOver', 'yes'],
    missing: '',
    oversized: ['agentsCanTakeOver', long(1000)],
  },
  'settings.rotateWebhookSecret': {
    type: 'mutation',
    valid: () => ({ graceHours: 24 }),
    wrongType: ['graceHours', 'x'],
    missing: 'graceHours',
    oversized: ['graceHours', 100_000],
  },
};

interface Request {
  method: 'GET' | 'POST';
  /** Raw input text for GET (?input=), raw body for POST; undefined sends none. */
  input?: string;
  contentType?: string;
  auth?: boolean;
}
interface Expectation {
  status: number;
  /** Part of the error message; a field name is checked against zod's flattened errors too. */
  message?: RegExp;
  field?: string;
}
interface Case {
  name: string;
  request: (ids: Ids) => Request;
  expect: Expectation;
}

const json = (v: unknown) => JSON.stringify(v);
const without = (o: Record<string, unknown>, field: string) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== field));
const readMethod = (t: ProcType) => (t === 'mutation' ? 'POST' : 'GET');
const otherMethod = (t: ProcType) => (t === 'mutation' ? 'GET' : 'POST');
const zodField = (field: string) => new RegExp(`"path": \\[\\s*"${field}"`);

/** The bad requests for one procedure: every one must be refused with a 4xx and must change nothing. */
function casesFor(spec: Spec): Case[] {
  const m = readMethod(spec.type);
  const cases: Case[] = [
    {
      name: 'wrong HTTP method',
      request: (i) => ({ method: otherMethod(spec.type), input: spec.valid ? json(spec.valid(i)) : undefined, contentType: 'application/json' }),
      expect: { status: 405, message: /Unsupported (GET|POST)-request/ },
    },
  ];
  if (!spec.isPublic) {
    // A stranger learns nothing about the input shape: authentication comes before validation.
    cases.push({
      name: 'no token (and a wrong-typed input)',
      request: (i) => ({ method: m, input: spec.valid ? json({ ...spec.valid(i), [spec.wrongType![0]]: spec.wrongType![1] }) : undefined, auth: false }),
      expect: { status: 401, message: /sign in/ },
    });
  }
  if (m === 'GET') {
    // A query's input travels in the URL: past Node's header limit the request never reaches a handler.
    cases.push({
      name: 'oversized request (URL past the header limit)',
      request: () => ({ method: 'GET', input: json({ pad: long(MAX_BODY_BYTES + 1) }) }),
      expect: { status: 431 },
    });
  } else {
    cases.push(
      {
        name: 'oversized body (> MAX_BODY_BYTES)',
        request: (i) => ({ method: 'POST', input: json({ ...spec.valid!(i), pad: long(MAX_BODY_BYTES + 1) }) }),
        expect: { status: 413, message: /PAYLOAD_TOO_LARGE/ },
      },
      {
        name: 'text/plain body',
        request: (i) => ({ method: 'POST', input: json(spec.valid!(i)), contentType: 'text/plain' }),
        expect: { status: 415, message: /content-type/ },
      },
      {
        name: 'form-urlencoded body',
        request: () => ({ method: 'POST', input: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' }),
        expect: { status: 415, message: /content-type/ },
      },
      {
        name: 'garbage multipart body',
        request: () => ({ method: 'POST', input: 'not multipart at all', contentType: 'multipart/form-data; boundary=zzz' }),
        expect: { status: 400, message: /FormData/ },
      },
    );
  }
  if (!spec.valid) return cases;
  const [wrongField, wrongValue] = spec.wrongType!;
  const [bigField, bigValue] = spec.oversized!;
  cases.push(
    { name: 'malformed JSON', request: () => ({ method: m, input: '{"conversationId": ' }), expect: { status: 400, message: /JSON/ } },
    {
      name: 'a JSON array instead of an object',
      request: () => ({ method: m, input: '[1,2,3]' }),
      expect: { status: 400, message: /expected object, received array/ },
    },
    {
      name: `wrong-typed ${wrongField}`,
      request: (i) => ({ method: m, input: json({ ...spec.valid!(i), [wrongField]: wrongValue }) }),
      expect: { status: 400, field: wrongField },
    },
  );
  if (spec.missing !== null) {
    cases.push(
      spec.missing
        ? {
            name: `missing ${spec.missing}`,
            request: (i) => ({ method: m, input: json(without(spec.valid!(i), spec.missing!)) }),
            expect: { status: 400, field: spec.missing },
          }
        : { name: 'no input at all', request: () => ({ method: m }), expect: { status: 400, message: /expected object, received undefined/ } },
    );
  }
  cases.push({
    name: `oversized ${bigField}`,
    request: (i) => ({ method: m, input: json({ ...spec.valid!(i), [bigField]: bigValue }) }),
    expect: { status: 400, field: bigField },
  });
  if (m === 'POST') {
    const huge = Array.isArray(bigValue) ? [long(200 * 1024)] : long(200 * 1024);
    cases.push({
      name: `200 KiB ${bigField} (under the body limit)`,
      request: (i) => ({ method: 'POST', input: json({ ...spec.valid!(i), [bigField]: huge }) }),
      expect: { status: 400, field: bigField },
    });
  }
  return cases;
}

interface Outcome {
  /** The HTTP status, or for a subscription the status its SSE error event carries. */
  status: number;
  httpStatus: number;
  statusText: string;
  error: {
    message: string;
    data?: { path?: string; httpStatus?: number; zodError?: { fieldErrors: Record<string, string[]>; formErrors: string[] } | null };
  } | null;
  /** Feed events a subscription delivered before (or instead of) its error. */
  delivered: number;
}

let server: SpawnedServer;
let token: string;
let ids: Ids;
let db: Database.Database;
let baseline: string;

async function send(path: string, req: Request): Promise<Outcome> {
  const headers: Record<string, string> = {};
  if (req.auth !== false && token) headers.authorization = `Bearer ${token}`;
  let url = `${server.url}/trpc/${path}`;
  const init: RequestInit = { method: req.method, headers, signal: AbortSignal.timeout(10_000) };
  if (req.method === 'GET') {
    if (req.input !== undefined) url += `?input=${encodeURIComponent(req.input)}`;
  } else {
    headers['content-type'] = req.contentType ?? 'application/json';
    if (req.input !== undefined) init.body = req.input;
  }
  const res = await fetch(url, init);
  const text = await res.text();
  if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
    // SSE carries a subscription's refusal as an error event inside a 200 stream, which then closes.
    const blocks = text.split('\n\n').filter((b) => b.trim());
    const err = blocks.find((b) => b.includes('event: serialized-error'));
    const delivered = blocks.filter((b) => b.includes('data:') && !b.includes('event:')).length;
    const error = err
      ? JSON.parse(
          err
            .split('\n')
            .find((l) => l.startsWith('data: '))!
            .slice(6),
        )
      : null;
    return { status: error?.data?.httpStatus ?? res.status, httpStatus: res.status, statusText: res.statusText, error, delivered };
  }
  const body = text ? JSON.parse(text) : null;
  return { status: res.status, httpStatus: res.status, statusText: res.statusText, error: body?.error ?? null, delivered: 0 };
}

async function rpc<T>(path: string, input: unknown): Promise<T> {
  const res = await fetch(`${server.url}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: json(input),
  });
  const body = (await res.json()) as { result: { data: unknown } };
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
  return body.result.data as T;
}

/** Every row of every table: the bad requests must leave all of it exactly as it was. */
function snapshot(): string {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>;
  return json(Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()])));
}

async function waitForInvite(s: SpawnedServer): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const code = s.output.join('\n').match(/Admin invite code: (\S+)/)?.[1];
    if (code) return code;
    if (Date.now() > deadline) throw new Error(`no invite printed: ${s.output.join('\n')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  const file = tempDbPath('bad-input');
  // Hundreds of bad requests from one member in a few seconds: what is tested here is each one's answer.
  server = await spawnServer({ DATABASE_URL: file, ...LOAD_TEST_LIMITS }, freePort());
  const redeemed = await rpc<{ token: string }>('auth.redeemInvite', { code: await waitForInvite(server) });
  token = redeemed.token;
  const channel = await rpc<{ id: string }>('conversations.resolveChannel', { wid: '34600000001' });
  const conv = await rpc<{ conversation: { id: string } }>('conversations.resolve', { channelId: channel.id, jid: '34611111111@c.us', title: 'Customer' });
  const bo = await rpc<{ memberId: string }>('members.invite', { name: 'Bo Chen', role: 'agent' });
  ids = { conversationId: conv.conversation.id, memberId: bo.memberId, channelId: channel.id };
  await rpc('assignment.claim', { conversationId: ids.conversationId });
  db = new Database(file, { readonly: true, fileMustExist: true });
  baseline = snapshot();
});

afterAll(async () => {
  db?.close();
  await server?.kill();
});

const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: ProcType; inputs: unknown[] } }>;

describe('the bad-input table', () => {
  it('covers every procedure in the router, with its real type and whether it takes input', () => {
    expect(Object.keys(specs).sort()).toEqual(Object.keys(procedures).sort());
    for (const [path, spec] of Object.entries(specs)) {
      expect({ path, type: spec.type, takesInput: !!spec.valid }).toEqual({
        path,
        type: procedures[path]._def.type,
        takesInput: procedures[path]._def.inputs.length > 0,
      });
    }
    // Skipping the missing-input case is only for an input that really defaults when none is sent.
    for (const [path] of Object.entries(specs).filter(([, s]) => s.missing === null)) {
      const [input] = procedures[path]._def.inputs as Array<{ safeParse: (v: unknown) => { success: boolean } }>;
      expect({ path, noInputIsValid: input.safeParse(undefined).success }).toEqual({ path, noInputIsValid: true });
    }
  });

  it('the setup really works, so the refusals below are about the input', async () => {
    const list = await send('conversations.list', { method: 'GET', input: json({}) });
    expect(list.status).toBe(200);
    expect(baseline).toContain(ids.conversationId);
  });
});

const table = Object.entries(specs).flatMap(([path, spec]) => casesFor(spec).map((c) => ({ path, type: spec.type, ...c })));

describe.each(['query', 'mutation', 'subscription'] as const)('bad %s requests over real HTTP', (type) => {
  it.each(table.filter((c) => c.type === type).map((c) => ({ ...c, label: `${c.path}: ${c.name}` })))('$label', async ({ path, request, expect: want }) => {
    const out = await send(path, request(ids));
    expect({ status: out.status }).toEqual({ status: want.status });
    expect(out.httpStatus).toBeLessThan(500);
    expect(out.delivered).toBe(0);
    if (want.status === 431) {
      expect(out.statusText).toMatch(/too large/i);
    } else {
      expect(out.error?.message).toBeTruthy();
      if (want.message) expect(out.error!.message).toMatch(want.message);
      if (want.status !== 415) expect(out.error!.data?.path).toBe(path);
    }
    if (want.field) {
      // The message names the field, and the flattened zod error points at it and at nothing else.
      expect(out.error!.message).toMatch(zodField(want.field));
      expect(Object.keys(out.error!.data!.zodError!.fieldErrors)).toEqual([want.field]);
    }
    expect(snapshot()).toBe(baseline);
  });
});

describe('procedures that take no input', () => {
  const inputless = Object.entries(specs)
    .filter(([, s]) => !s.valid)
    .map(([path]) => path);
  // tRPC never reads input for them, so junk is ignored rather than refused; what matters is no 5xx and no change.
  it.each(inputless.flatMap((path) => ['{"conversationId": ', json({ x: 1 }), json([1, 2])].map((input) => ({ path, input }))))(
    '$path ignores input $input',
    async ({ path, input }) => {
      const out = await send(path, { method: 'GET', input });
      expect(out.status).toBe(200);
      expect(out.error).toBeNull();
      expect(snapshot()).toBe(baseline);
    },
  );
});

describe('control (runs last)', () => {
  it('a valid request does change the snapshot, so the comparisons above could have seen a change', async () => {
    const out = await send('notes.add', { method: 'POST', input: json({ conversationId: ids.conversationId, body: 'a real note' }) });
    expect(out.status).toBe(200);
    expect(snapshot()).not.toBe(baseline);
  });
});
