import type { GuardDecision, GuardHoldReason } from '../../utils/inbox/guard-decision';
import type { ConversationView } from '../../utils/inbox/types';

/** A chat picked in the forward dialog: undefined when its name matches several chats, null when the server has no record. */
export interface ForwardTarget {
  title: string;
  conversation: ConversationView | null | undefined;
}

export type ForwardPlan =
  | { action: 'allow'; allowed: Array<{ conversation: ConversationView; token: number | null }> }
  | {
      action: 'hold';
      reason: GuardHoldReason;
      held: Array<{ title: string; conversation: ConversationView | null; ownerId: string | null; holderId: string | null }>;
    }
  | { action: 'prepare'; steps: Array<{ title: string; conversation: ConversationView | null; step: 'claim' | 'retake' | 'none'; token: number | null }> };

// A teammate's chat explains a held forward better than a chat still loading.
const RANK: GuardHoldReason[] = ['owned-by-other', 'locked-by-other', 'bot', 'offline', 'unknown-chat', 'traffic-cop'];

/**
 * Every picked chat is a chat C of spec section 3: one held chat holds the whole forward (naming who owns it), so the
 * rep can untick it and forward to the rest; otherwise unowned chats are claimed and ended leases retaken first.
 */
export function decideForward(targets: readonly ForwardTarget[], decide: (c: ConversationView | null | undefined) => GuardDecision): ForwardPlan {
  const decided = targets.map((t) => ({ t, d: decide(t.conversation) }));
  const held = decided.flatMap(({ t, d }) =>
    d.action === 'hold' ? [{ title: t.title, conversation: t.conversation ?? null, reason: d.reason, ownerId: d.ownerId, holderId: d.holderId }] : [],
  );
  if (held.length > 0) {
    const reason = RANK.find((r) => held.some((h) => h.reason === r)) ?? held[0]!.reason;
    return { action: 'hold', reason, held: held.filter((h) => h.reason === reason).map(({ reason: _r, ...h }) => h) };
  }
  if (decided.every(({ d }) => d.action === 'allow')) {
    return { action: 'allow', allowed: decided.map(({ t, d }) => ({ conversation: t.conversation!, token: d.action === 'allow' ? d.token : null })) };
  }
  return {
    action: 'prepare',
    steps: decided.map(({ t, d }) => ({
      title: t.title,
      conversation: t.conversation ?? null,
      step: d.action === 'claim-then-send' ? 'claim' : d.action === 'retake-then-send' ? 'retake' : 'none',
      token: d.action === 'allow' ? d.token : null,
    })),
  };
}
