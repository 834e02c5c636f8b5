/** Stored as SignedOut.reason when the server refuses the member; pages say it in the rep's language. */
export const REVOKED = 'revoked';
