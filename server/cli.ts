import { parseArgs } from 'node:util';
import pino from 'pino';
import { Role } from '../utils/schemas/common';
import { Name } from '../utils/schemas/member';
import { readEnv } from './env';
import { openStore } from './store/open-store';
import type { Deps } from './services/deps';
import { createWorkspace, inviteMember, listMembers, revokeMember } from './services/members';
import { DEFAULT_GRACE_MS, rotateWebhookSecret } from './services/automation/secrets';
import { backupSqlite } from './backup';

const USAGE = `Usage: npm run admin -- <command> [options]
  create-workspace --name "Acme sales"            create a workspace and print its admin invite code
  workspaces                                        list workspaces
  invite --workspace ID --name "Ana" --role agent   invite a member (agent | manager | admin); prints a one-time code
  members --workspace ID                            list members (with revoked ones)
  revoke --workspace ID --member ID                 revoke a member: their token stops working at once
  webhook-secret --workspace ID [--grace-hours 24]  new automation webhook secret, printed once; the previous one stays valid for the grace period
  backup --to FILE                                  copy the SQLite database to FILE, safely while the server runs (PostgreSQL: pg_dump)
The database is DATABASE_URL (default ./data/inbox.sqlite), the same one the server uses; --database-url overrides it.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      workspace: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      member: { type: 'string' },
      'grace-hours': { type: 'string' },
      'database-url': { type: 'string' },
      to: { type: 'string' },
    },
    strict: true,
  });
  const env = readEnv(values['database-url'] !== undefined ? { ...process.env, DATABASE_URL: values['database-url'] } : process.env);
  // A backup reads the file as it is: opening the store first would migrate it.
  if (command === 'backup') {
    if (!values.to) throw new Error(`missing --to\n\n${USAGE}`);
    console.log(JSON.stringify({ backup: values.to, ...(await backupSqlite(env.DATABASE_URL, values.to)) }, null, 2));
    return 0;
  }
  const store = await openStore(env.DATABASE_URL);
  const deps: Deps = { store, now: Date.now, config: { lockTtlMs: env.LOCK_TTL_MS }, log: pino({ level: 'silent' }) };
  const cli = (workspaceId: string) => ({ workspaceId, memberId: '', role: 'admin' as const });
  const need = (v: string | undefined, what: string) => {
    if (!v) throw new Error(`missing --${what}\n\n${USAGE}`);
    return v;
  };
  try {
    switch (command) {
      case 'create-workspace': {
        const ws = await createWorkspace(deps, Name.parse(values.name ?? 'My team'));
        console.log(JSON.stringify({ workspaceId: ws.workspaceId, adminInviteCode: ws.code }, null, 2));
        return 0;
      }
      case 'workspaces':
        console.log(JSON.stringify(await store.workspaces.list(), null, 2));
        return 0;
      case 'invite': {
        const ws = need(values.workspace, 'workspace');
        const out = await inviteMember(deps, cli(ws), Name.parse(need(values.name, 'name')), Role.parse(values.role ?? 'agent'));
        console.log(JSON.stringify({ memberId: out.memberId, inviteCode: out.code }, null, 2));
        return 0;
      }
      case 'members':
        console.log(JSON.stringify(await listMembers(deps, need(values.workspace, 'workspace'), { includeRevoked: true }), null, 2));
        return 0;
      case 'webhook-secret': {
        const hours = values['grace-hours'] === undefined ? DEFAULT_GRACE_MS / 3600_000 : Number(values['grace-hours']);
        if (!Number.isFinite(hours) || hours < 0 || hours > 24 * 30) throw new Error('--grace-hours must be a number of hours between 0 and 720');
        // Printed once, here: the server keeps the secret (HMAC needs it) but never shows it again.
        console.log(JSON.stringify(await rotateWebhookSecret(deps, need(values.workspace, 'workspace'), hours * 3600_000), null, 2));
        return 0;
      }
      case 'revoke':
        await revokeMember(deps, cli(need(values.workspace, 'workspace')), need(values.member, 'member'));
        console.log('revoked');
        return 0;
      default:
        console.error(USAGE);
        return command ? 2 : 0;
    }
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
