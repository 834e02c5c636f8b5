/**
 * A pure checker for race histories: what every client asked and was told, plus the server's event log,
 * in; the list of broken invariants out. It knows the ownership and reply-lock rules of the product spec
 * (sections 2-3) and nothing about how the server enforces them.
 */

export type OpName = 'claim' | 'release' | 'handoff' | 'takeOver' | 'lockAcquire' | 'lockRenew' | 'lockRelease' | 'send' | 'note' | 'status';

export interface OkOutcome {
  ok: true;
  /** Owner of the conversation in the response (conversation.ownerId). */
  owner: string | null;
  version: number;
  eventId: number | null;
  changed?: boolean;
  /** Lock procedures answer with the lease token. */
  token?: number;
  expiresAt?: number;
  /** A send report: whether the server logged it as a slipped collision rather than a guarded reply. */
  slipped?: boolean;
}

export interface ErrOutcome {
  ok: false;
  /** tRPC error code, or NETWORK when no answer came back. */
  code: string;
  reason?: string | null;
  ownerId?: string | null;
  holderId?: string | null;
  message: string;
}

export interface OpRecord {
  seq: number;
  client: string;
  memberId: string;
  op: OpName;
  conversationId: string;
  input: Record<string, unknown>;
  /** Wall-clock ms on the client when the request was sent and when its answer arrived. */
  start: number;
  end: number;
  outcome: OkOutcome | ErrOutcome;
}

export interface LoggedEvent {
  id: number;
  type: string;
  conversationId: string | null;
  actorId: string | null;
  at: number;
  data: Record<string, unknown>;
}

export interface FinalState {
  conversationId: string;
  ownerId: string | null;
  fence: number;
}

export type ViolationKind =
  | 'two-owners'
  | 'stale-token'
  | 'expired-lease-write'
  | 'two-holders'
  | 'lock-by-non-owner'
  | 'token-order'
  | 'token-reuse'
  | 'unlogged-ack'
  | 'final-state'
  /** A send on a lease that had ended, in a chat another member owned, logged as a guarded reply (issue 13). */
  | 'ended-lease-send';

export interface Violation {
  kind: ViolationKind;
  conversationId: string | null;
  eventId?: number;
  seq?: number;
  message: string;
}

/** Any ownership.* event moves the owner from data.from to data.to, whoever (or whatever job) wrote it. */
const isOwnership = (type: string) => type.startsWith('ownership.');

/** Which logged event type acknowledges which operation; the response's eventId is the last event it appended. */
const ACK_TYPES: Record<OpName, string[]> = {
  claim: ['ownership.claimed'],
  release: ['ownership.released'],
  handoff: ['ownership.handed_off'],
  takeOver: ['ownership.taken_over'],
  lockAcquire: ['lock.acquired', 'lock.renewed'],
  lockRenew: ['lock.renewed'],
  lockRelease: ['lock.released'],
  send: ['send.reported', 'send.slipped', 'lock.released'],
  note: ['note.added'],
  status: ['status.changed'],
};

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

function groupByConversation(events: LoggedEvent[]): Map<string, LoggedEvent[]> {
  const by = new Map<string, LoggedEvent[]>();
  for (const e of [...events].sort((a, b) => a.id - b.id)) {
    if (!e.conversationId) continue;
    const list = by.get(e.conversationId) ?? [];
    list.push(e);
    by.set(e.conversationId, list);
  }
  return by;
}

interface Replay {
  owner: string | null;
  maxToken: number;
}

/** (a) ownership replay, (b) fencing of lock writes, (c) token order: one pass over a conversation's events in id order. */
function replayConversation(conversationId: string, events: LoggedEvent[], out: Violation[]): Replay {
  let owner: string | null = null;
  let latest: { token: number; holder: string } | null = null;
  let expiresAt = Number.NEGATIVE_INFINITY;
  let maxToken = 0;
  const stale = (e: LoggedEvent, token: number | null, member: string | null) =>
    out.push({
      kind: 'stale-token',
      conversationId,
      eventId: e.id,
      message: `#${e.id} ${e.type} accepted token ${token} from ${member}, but the latest lock.acquired issued ${latest ? `token ${latest.token} to ${latest.holder}` : 'no token'}`,
    });
  const current = (token: number | null, member: string | null) => latest !== null && token === latest.token && member === latest.holder;

  for (const e of events) {
    if (isOwnership(e.type)) {
      const from = str(e.data.from);
      const to = str(e.data.to);
      if (from !== owner) {
        out.push({
          kind: 'two-owners',
          conversationId,
          eventId: e.id,
          message: `#${e.id} ${e.type} by ${e.actorId} moved the chat from ${from} while ${owner} owned it`,
        });
      }
      if (e.type === 'ownership.claimed' && (from !== null || to !== e.actorId)) {
        out.push({ kind: 'two-owners', conversationId, eventId: e.id, message: `#${e.id} claim must go from nobody to the claimant, went ${from} -> ${to}` });
      }
      owner = to;
      // An ownership change away from the lease holder ends the lease at that moment.
      if (latest && to !== latest.holder) expiresAt = Math.min(expiresAt, e.at);
      continue;
    }
    switch (e.type) {
      case 'lock.acquired': {
        const token = num(e.data.token);
        const holder = str(e.data.holderId);
        if (token === null || token <= maxToken) {
          out.push({
            kind: 'token-order',
            conversationId,
            eventId: e.id,
            message: `#${e.id} lock.acquired issued token ${token} after token ${maxToken} had been issued`,
          });
        }
        if (latest && latest.holder !== holder && expiresAt > e.at) {
          out.push({
            kind: 'two-holders',
            conversationId,
            eventId: e.id,
            message: `#${e.id} ${holder} got the lock while ${latest.holder}'s lease (token ${latest.token}) ran until ${expiresAt}`,
          });
        }
        if (owner !== null && owner !== holder) {
          out.push({ kind: 'lock-by-non-owner', conversationId, eventId: e.id, message: `#${e.id} ${holder} got the reply lock on a chat owned by ${owner}` });
        }
        if (holder !== e.actorId) {
          out.push({
            kind: 'stale-token',
            conversationId,
            eventId: e.id,
            message: `#${e.id} lock.acquired names holder ${holder} but was written by ${e.actorId}`,
          });
        }
        maxToken = Math.max(maxToken, token ?? 0);
        latest = { token: token ?? -1, holder: holder ?? '' };
        expiresAt = num(e.data.expiresAt) ?? Number.NEGATIVE_INFINITY;
        break;
      }
      case 'lock.renewed': {
        const token = num(e.data.token);
        const holder = str(e.data.holderId);
        if (!current(token, holder) || e.actorId !== holder) stale(e, token, e.actorId);
        else if (e.at >= expiresAt) {
          out.push({
            kind: 'expired-lease-write',
            conversationId,
            eventId: e.id,
            message: `#${e.id} renewed token ${token} at ${e.at}, after its lease ended at ${expiresAt}`,
          });
        }
        expiresAt = num(e.data.expiresAt) ?? expiresAt;
        break;
      }
      case 'lock.released': {
        const token = num(e.data.token);
        const holder = str(e.data.holderId);
        if (!current(token, holder) || e.actorId !== holder) stale(e, token, e.actorId);
        else if (e.at > expiresAt) {
          out.push({
            kind: 'expired-lease-write',
            conversationId,
            eventId: e.id,
            message: `#${e.id} released token ${token} at ${e.at}, after its lease ended at ${expiresAt}`,
          });
        }
        expiresAt = Math.min(expiresAt, e.at);
        break;
      }
      case 'send.reported':
      case 'send.slipped': {
        const token = num(e.data.token);
        const member = str(e.data.memberId);
        if (!current(token, member) || e.actorId !== member) stale(e, token, e.actorId);
        // A lease that ended before the send is no licence once another member owns the chat.
        const sentAt = num(e.data.at) ?? e.at;
        const past = owner !== null && owner !== member && sentAt >= expiresAt;
        if (e.type === 'send.reported' && past) {
          out.push({
            kind: 'ended-lease-send',
            conversationId,
            eventId: e.id,
            message: `#${e.id} logged ${member}'s send at ${sentAt} as guarded, but the lease ended at ${expiresAt} and ${owner} owned the chat`,
          });
        }
        if (e.type === 'send.slipped' && !past) {
          out.push({
            kind: 'ended-lease-send',
            conversationId,
            eventId: e.id,
            message: `#${e.id} logged ${member}'s send as slipped, but the lease ran until ${expiresAt} or ${member} owned the chat`,
          });
        }
        break;
      }
    }
  }
  return { owner, maxToken };
}

/** History-only checks: they hold whatever the log says, because they compare what clients were told. */
function checkResponses(history: OpRecord[], out: Violation[]) {
  const oks = history.filter((r): r is OpRecord & { outcome: OkOutcome } => r.outcome.ok);

  // (a) Versions are one line of states per conversation: one version, one owner.
  const ownerAt = new Map<string, { owner: string | null; seq: number }>();
  for (const r of oks) {
    const key = `${r.conversationId}@${r.outcome.version}`;
    const seen = ownerAt.get(key);
    if (!seen) ownerAt.set(key, { owner: r.outcome.owner, seq: r.seq });
    else if (seen.owner !== r.outcome.owner) {
      out.push({
        kind: 'two-owners',
        conversationId: r.conversationId,
        seq: r.seq,
        message: `op ${r.seq} and op ${seen.seq} were both told version ${r.outcome.version}, with owners ${r.outcome.owner} and ${seen.owner}`,
      });
    }
  }

  // (c) A token is issued once: two members never both hold the same token of one conversation.
  const tokenHolder = new Map<string, { member: string; seq: number }>();
  const acquires = oks.filter((r) => r.op === 'lockAcquire' && typeof r.outcome.token === 'number');
  for (const r of acquires) {
    const key = `${r.conversationId}#${r.outcome.token}`;
    const seen = tokenHolder.get(key);
    if (!seen) tokenHolder.set(key, { member: r.memberId, seq: r.seq });
    else if (seen.member !== r.memberId) {
      out.push({
        kind: 'token-reuse',
        conversationId: r.conversationId,
        seq: r.seq,
        message: `token ${r.outcome.token} went to ${seen.member} (op ${seen.seq}) and to ${r.memberId} (op ${r.seq})`,
      });
    }
  }

  // (b) A write with token t that started after a newer token was handed out must have been refused.
  for (const r of oks) {
    if (r.op !== 'lockRenew' && r.op !== 'lockRelease' && r.op !== 'send') continue;
    const token = num(r.input.token);
    if (token === null) continue;
    const newer = acquires.find((a) => a.conversationId === r.conversationId && a.outcome.token! > token && a.end < r.start);
    if (newer) {
      out.push({
        kind: 'stale-token',
        conversationId: r.conversationId,
        seq: r.seq,
        message: `op ${r.seq} (${r.op}) with token ${token} was accepted although token ${newer.outcome.token} had been issued before it started (op ${newer.seq})`,
      });
    }
  }
}

/** (d) Every acknowledged change is in the log, as the change the client was told about. */
function checkAcknowledged(history: OpRecord[], events: LoggedEvent[], out: Violation[]) {
  const byId = new Map(events.map((e) => [e.id, e]));
  for (const r of history) {
    if (!r.outcome.ok) continue;
    const o = r.outcome;
    if (o.eventId === null) {
      if (o.changed === true)
        out.push({
          kind: 'unlogged-ack',
          conversationId: r.conversationId,
          seq: r.seq,
          message: `op ${r.seq} (${r.op}) was told changed=true without an event id`,
        });
      continue;
    }
    const e = byId.get(o.eventId);
    const miss = (why: string) =>
      out.push({
        kind: 'unlogged-ack',
        conversationId: r.conversationId,
        seq: r.seq,
        eventId: o.eventId!,
        message: `op ${r.seq} (${r.op}) acknowledged as #${o.eventId}: ${why}`,
      });
    if (!e) {
      miss('no such event in the log');
      continue;
    }
    if (e.conversationId !== r.conversationId || e.actorId !== r.memberId || !ACK_TYPES[r.op].includes(e.type)) {
      miss(`the log has ${e.type} on ${e.conversationId} by ${e.actorId}`);
      continue;
    }
    if (isOwnership(e.type) && (str(e.data.to) !== o.owner || num(e.data.version) !== o.version)) {
      miss(`the log moved it to ${String(e.data.to)} at version ${String(e.data.version)}, the client was told ${o.owner} at version ${o.version}`);
    }
    if ((r.op === 'lockAcquire' || r.op === 'lockRenew' || r.op === 'lockRelease') && num(e.data.token) !== o.token) {
      miss(`the log has token ${String(e.data.token)}, the client was told ${o.token}`);
    }
    if (r.op === 'send') {
      const report = e.type === 'lock.released' ? byId.get(e.id - 1) : e;
      const logged = report?.type === 'send.reported' || report?.type === 'send.slipped';
      if (!report || !logged || report.conversationId !== r.conversationId || num(report.data.token) !== num(r.input.token)) {
        miss('no send.reported or send.slipped with the reported token at or just before it');
      } else if ((report.type === 'send.slipped') !== (o.slipped === true)) {
        miss(`the log has ${report.type}, the client was told slipped=${String(o.slipped)}`);
      }
    }
  }
}

export function checkHistory(input: { history: OpRecord[]; events: LoggedEvent[]; finalStates?: FinalState[] }): Violation[] {
  const out: Violation[] = [];
  const replays = new Map<string, Replay>();
  for (const [conversationId, list] of groupByConversation(input.events)) replays.set(conversationId, replayConversation(conversationId, list, out));
  checkResponses(input.history, out);
  checkAcknowledged(input.history, input.events, out);
  for (const f of input.finalStates ?? []) {
    const r = replays.get(f.conversationId) ?? { owner: null, maxToken: 0 };
    if (r.owner !== f.ownerId || r.maxToken !== f.fence) {
      out.push({
        kind: 'final-state',
        conversationId: f.conversationId,
        message: `stored owner ${f.ownerId} / fence ${f.fence}, but the log replays to owner ${r.owner} / highest token ${r.maxToken}`,
      });
    }
  }
  return out;
}

export function countByKind(violations: Violation[]): Partial<Record<ViolationKind, number>> {
  const counts: Partial<Record<ViolationKind, number>> = {};
  for (const v of violations) counts[v.kind] = (counts[v.kind] ?? 0) + 1;
  return counts;
}
