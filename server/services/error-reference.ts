import { randomBytes } from 'node:crypto';

const refs = new WeakMap<object, string>();

/** One short id per failure, shared by its log line and its answer, so an operator can find one from the other. */
export function errorReference(err: object): string {
  let ref = refs.get(err);
  if (!ref) {
    ref = randomBytes(6).toString('hex');
    refs.set(err, ref);
  }
  return ref;
}

/** What a client is told about a failure of ours: nothing internal, only where to look it up. */
export const internalErrorMessage = (ref: string) => `internal server error (reference ${ref}): the server logged the details`;
