import { router } from '../trpc';
import { authRouter } from './auth';
import { membersRouter } from './members';
import { conversationsRouter } from './conversations';
import { assignmentRouter } from './assignment';
import { locksRouter } from './locks';
import { statusRouter } from './status';
import { notesRouter } from './notes';
import { observationsRouter } from './observations';
import { eventsRouter } from './events';
import { slaRouter } from './sla';
import { metricsRouter } from './metrics';
import { routingRouter } from './routing';
import { automationRouter } from './automation';
import { settingsRouter } from './settings';

export const appRouter = router({
  auth: authRouter,
  members: membersRouter,
  conversations: conversationsRouter,
  assignment: assignmentRouter,
  locks: locksRouter,
  status: statusRouter,
  notes: notesRouter,
  observations: observationsRouter,
  events: eventsRouter,
  sla: slaRouter,
  metrics: metricsRouter,
  routing: routingRouter,
  automation: automationRouter,
  settings: settingsRouter,
});

export type AppRouter = typeof appRouter;
