import type { RefusalReason } from '../../utils/schemas/refusal';

export type ServiceErrorCode = 'CONFLICT' | 'FORBIDDEN' | 'BAD_REQUEST' | 'NOT_FOUND' | 'UNAUTHORIZED' | 'TOO_MANY_REQUESTS';

/** Details a client needs to act on a refusal, e.g. who owns the chat now. */
export interface ErrorDetails {
  /** One of the shared list, so the extension has words for every reason the server gives. */
  reason?: RefusalReason;
  ownerId?: string | null;
  ownerName?: string | null;
  holderId?: string | null;
  holderName?: string | null;
  /** TOO_MANY_REQUESTS: how long to wait before calling again. */
  retryAfterMs?: number;
}

export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}
