import { createHash, randomBytes } from 'node:crypto';

export const newId = (prefix: string): string => `${prefix}_${randomBytes(9).toString('base64url')}`;
export const newSecret = (bytes = 24): string => randomBytes(bytes).toString('base64url');
/** Tokens and invite codes are stored only as hashes; they are high-entropy, so no salt or slow hash is needed. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');
