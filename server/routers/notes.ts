import { AddNoteInput } from '../../utils/schemas/conversation';
import { memberProcedure, router } from '../trpc';
import { addNote } from '../services/notes';

/** Internal notes on a conversation. */
export const notesRouter = router({
  add: memberProcedure.input(AddNoteInput).mutation(({ ctx, input }) => addNote(ctx.deps, ctx.actor, input.conversationId, input.body, input.idempotencyKey)),
});
