import type { Kysely } from 'kysely';
import type { Tx } from './store';
import type { AnswerTable, Database, FlowStepTable, WebhookEventTable, WebhookSecretTable } from './tables';

/** What the automation leaves on chats (flow steps, answers), the deliveries it made, and its webhook secrets. */
export interface AutomationStore {
  addFlowStep(tx: Tx, step: FlowStepTable): Promise<void>;
  /** One conversation's flow steps, oldest first. */
  flowSteps(workspaceId: string, conversationId: string): Promise<FlowStepTable[]>;
  /** Sets each answer, replacing an earlier value of the same key whoever gave it. */
  setAnswers(tx: Tx, answers: AnswerTable[]): Promise<void>;
  /** One conversation's answers, by key. */
  answers(workspaceId: string, conversationId: string): Promise<AnswerTable[]>;
  /**
   * Moves a lead's flow steps and answers to the chat it is linked to (where the chat has an answer of its own
   * for a key, the lead's is dropped); says how many of each the lead had.
   */
  moveLead(tx: Tx, workspaceId: string, fromId: string, toId: string): Promise<{ steps: number; answers: number }>;
  /** The delivery with this event id, if it was applied already (read inside `tx` when given). */
  delivery(workspaceId: string, eventId: string, tx?: Tx): Promise<Pick<WebhookEventTable, 'conversation_id'> | undefined>;
  /** Records a delivery as applied; a second one with the same event id fails on the key. */
  recordDelivery(tx: Tx, delivery: WebhookEventTable): Promise<void>;
  /** Makes `secret` the current one: expired ones are dropped, those still current end at `until` at the latest. */
  rotateSecret(tx: Tx, secret: WebhookSecretTable, until: number): Promise<void>;
  /** The secrets that verify a delivery at `now` (current or in their grace period), newest first. */
  liveSecrets(workspaceId: string, now: number): Promise<Array<Pick<WebhookSecretTable, 'secret' | 'created_at' | 'expires_at'>>>;
}

export function kyselyAutomation(db: Kysely<Database>): AutomationStore {
  return {
    async addFlowStep(tx, step) {
      await tx.insertInto('flow_steps').values(step).execute();
    },
    flowSteps: (workspaceId, conversationId) =>
      db
        .selectFrom('flow_steps')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('conversation_id', '=', conversationId)
        .orderBy('at')
        .orderBy('created_at')
        .execute(),
    async setAnswers(tx, answers) {
      for (const a of answers) {
        await tx
          .insertInto('answers')
          .values(a)
          .onConflict((oc) => oc.columns(['conversation_id', 'key']).doUpdateSet({ value: a.value, source: a.source, updated_at: a.updated_at }))
          .execute();
      }
    },
    answers: (workspaceId, conversationId) =>
      db.selectFrom('answers').selectAll().where('workspace_id', '=', workspaceId).where('conversation_id', '=', conversationId).orderBy('key').execute(),
    async moveLead(tx, workspaceId, fromId, toId) {
      const moved = await tx
        .updateTable('flow_steps')
        .set({ conversation_id: toId })
        .where('workspace_id', '=', workspaceId)
        .where('conversation_id', '=', fromId)
        .executeTakeFirst();
      const answers = await tx.selectFrom('answers').selectAll().where('workspace_id', '=', workspaceId).where('conversation_id', '=', fromId).execute();
      for (const a of answers) {
        await tx
          .insertInto('answers')
          .values({ ...a, conversation_id: toId })
          .onConflict((oc) => oc.columns(['conversation_id', 'key']).doNothing())
          .execute();
      }
      await tx.deleteFrom('answers').where('workspace_id', '=', workspaceId).where('conversation_id', '=', fromId).execute();
      return { steps: Number(moved.numUpdatedRows), answers: answers.length };
    },
    delivery: (workspaceId, eventId, tx) =>
      (tx ?? db)
        .selectFrom('webhook_events')
        .select('conversation_id')
        .where('workspace_id', '=', workspaceId)
        .where('event_id', '=', eventId)
        .executeTakeFirst(),
    async recordDelivery(tx, delivery) {
      await tx.insertInto('webhook_events').values(delivery).execute();
    },
    async rotateSecret(tx, secret, until) {
      const workspaceId = secret.workspace_id;
      await tx.deleteFrom('webhook_secrets').where('workspace_id', '=', workspaceId).where('expires_at', '<=', secret.created_at).execute();
      await tx
        .updateTable('webhook_secrets')
        .set({ expires_at: until })
        .where('workspace_id', '=', workspaceId)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', until)]))
        .execute();
      await tx.insertInto('webhook_secrets').values(secret).execute();
    },
    liveSecrets: (workspaceId, now) =>
      db
        .selectFrom('webhook_secrets')
        .select(['secret', 'created_at', 'expires_at'])
        .where('workspace_id', '=', workspaceId)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
        .orderBy('created_at', 'desc')
        .execute(),
  };
}
