import { parseArgs } from 'node:util';
import { readEnv } from './env';
import { startServer } from './app';
import { firstRunSteps } from './first-run';

// Flags override the environment: `npm start -- --database-url postgres://… --port 8788`.
const { values: flags } = parseArgs({ options: { 'database-url': { type: 'string' }, port: { type: 'string' } }, strict: true });
const env = readEnv({
  ...process.env,
  ...(flags['database-url'] !== undefined ? { DATABASE_URL: flags['database-url'] } : {}),
  ...(flags.port !== undefined ? { PORT: flags.port } : {}),
});
const server = await startServer(env);
if (server.firstInvite) {
  // Printed plainly on purpose: this is how the first admin gets in.
  console.log(firstRunSteps({ code: server.firstInvite.code, url: server.url, workspaceId: server.firstInvite.workspaceId }));
}
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
