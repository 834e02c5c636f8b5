import type { MetricEvent, Occurrence, Sample } from './types';
import { customerAt, isCustomerMessage, isGuardedSend, isHandoff, isHumanReply, messageAt, senderOf, statusAt, walk } from './walk';

export interface ResponseFacts {
  firstResponses: Sample[];
  ownerFirstReplies: Sample[];
  replies: Sample[];
  resolutions: Sample[];
  followUps: Occurrence[];
  /** The second follow-up of one wait: the moment that wait became "nudged". */
  nudges: Occurrence[];
}

const sample = (conversationId: string, at: number, start: number, memberId: string | null, queue: string): Sample => ({
  conversationId,
  at,
  ms: Math.max(0, at - start),
  memberId,
  queue,
});

/** Response, reply, resolution and follow-up facts of one conversation (definitions: docs/metrics.md). */
export function responseFacts(events: readonly MetricEvent[], currentQueue: string): ResponseFacts {
  const out: ResponseFacts = { firstResponses: [], ownerFirstReplies: [], replies: [], resolutions: [], followUps: [], nudges: [] };
  // The first-response start of the episode, the same rule the SLA clock follows.
  let responseStart: number | null = null;
  let responded = false;
  let followUpsThisWait = 0;
  let spell: { memberId: string; from: number; replied: boolean } | null = null;
  walk(events, currentQueue, (e, before, after) => {
    const id = e.conversationId!;
    if (after.episode > before.episode) [responseStart, responded] = [null, false];
    if (isCustomerMessage(e)) {
      const at = customerAt(e);
      const followUp = before.waitingSince !== null && after.episode === before.episode;
      followUpsThisWait = followUp ? followUpsThisWait + 1 : 0;
      if (followUp) out.followUps.push({ conversationId: id, at, memberId: after.ownerId, queue: after.queue });
      if (followUp && followUpsThisWait === 2) out.nudges.push({ conversationId: id, at, memberId: after.ownerId, queue: after.queue });
      if (responseStart === null && !responded && statusAt(after, e.at) !== 'bot') responseStart = at;
    }
    if (isHandoff(e) && !responded) responseStart = e.at;
    if (e.type === 'status.changed' && e.data.to === 'bot' && !responded) responseStart = null;
    if (e.type.startsWith('ownership.') && after.ownerId !== before.ownerId)
      spell = after.ownerId ? { memberId: after.ownerId, from: e.at, replied: false } : null;
    if (isHumanReply(e)) {
      const at = messageAt(e);
      const sender = isGuardedSend(e) ? senderOf(e) : null;
      if (before.waitingSince !== null) out.replies.push(sample(id, at, before.waitingSince, sender, after.queue));
      // Eligibility by server time (the order things happened in); the duration by the message's own time.
      if (isGuardedSend(e) && responseStart !== null && !responded && e.at >= responseStart) {
        responded = true;
        out.firstResponses.push(sample(id, at, responseStart, sender, after.queue));
      }
      if (isGuardedSend(e) && spell && !spell.replied && sender === spell.memberId) {
        spell.replied = true;
        out.ownerFirstReplies.push(sample(id, at, spell.from, sender, after.queue));
      }
    }
    if (e.type === 'status.changed' && e.data.to === 'resolved' && before.status !== 'resolved' && before.episodeStart !== null) {
      out.resolutions.push(sample(id, e.at, before.episodeStart, before.ownerId, after.queue));
    }
  });
  return out;
}
