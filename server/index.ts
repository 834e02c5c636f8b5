import { readEnv } from './env';
import { startServer } from './app';

const env = readEnv();
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
