import {
  ListActivityInput,
  ObserveMessageInput,
  ReportHeldInput,
  ReportOverrideInput,
  ReportSendInput,
  ReportUnguardedInput,
} from '../../utils/schemas/conversation';
import { memberProcedure, router } from '../trpc';
import { captureListActivity } from '../services/list-activity';
import { observeMessage, reportHeld, reportOverride, reportSend, reportUnguardedSend } from '../services/observations';

/** What the extension sees in WhatsApp Web and what its composer guard decided. */
export const observationsRouter = router({
  message: memberProcedure.input(ObserveMessageInput).mutation(({ ctx, input }) => observeMessage(ctx.deps, ctx.actor, input)),
  /** A chat-list row showed activity (a chat nobody may have opened): metadata only. */
  listActivity: memberProcedure.input(ListActivityInput).mutation(({ ctx, input }) => captureListActivity(ctx.deps, ctx.actor, input)),
  send: memberProcedure.input(ReportSendInput).mutation(({ ctx, input }) => reportSend(ctx.deps, ctx.actor, input)),
  held: memberProcedure.input(ReportHeldInput).mutation(({ ctx, input }) => reportHeld(ctx.deps, ctx.actor, input)),
  unguarded: memberProcedure.input(ReportUnguardedInput).mutation(({ ctx, input }) => reportUnguardedSend(ctx.deps, ctx.actor, input)),
  override: memberProcedure.input(ReportOverrideInput).mutation(({ ctx, input }) => reportOverride(ctx.deps, ctx.actor, input)),
});
