import { parseArgs } from 'node:util';
import { readEnv } from './env';
import { startServer } from './app';

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
  console.log(`\nNew workspace created. Admin invite code: ${server.firstInvite.code}\nRedeem it in the extension's options page (server address ${server.url}).\n`);
}
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
