import { startServer } from '../../../server/app';
import { readEnv } from '../../../server/env';
import { firstRunSteps } from '../../../server/first-run';
import { openStore } from '../../../server/store/open-store';
import { unfencedStore } from './unfenced-store';

// The race checker's control server: the real one over a store without fencing (its fence reads never refuse).
const env = readEnv(process.env);
const store = unfencedStore(await openStore(env.DATABASE_URL, { pgNotify: env.PG_NOTIFY }));
const server = await startServer(env, { store });
server.deps.log.warn('unfenced control server: ownership and lock checks are disabled (race checker control only)');
if (server.firstInvite) console.log(firstRunSteps({ code: server.firstInvite.code, url: server.url, workspaceId: server.firstInvite.workspaceId }));
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
