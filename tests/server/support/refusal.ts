import { TRPCError } from '@trpc/server';

/** The TRPCError a procedure call was refused with; any other outcome fails the test. */
export async function refusal(p: Promise<unknown>): Promise<TRPCError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof TRPCError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}
