import type { RoutingCandidate } from '../../../../server/domain/routing/eligibility';

/** An available, connected member of 'support' with room, unless overridden. */
export const member = (memberId: string, overrides: Partial<RoutingCandidate> = {}): RoutingCandidate => ({
  memberId,
  queues: ['support'],
  availability: 'available',
  liveConnections: 1,
  capacity: 5,
  openOwned: 0,
  ...overrides,
});
