import { z } from 'zod';
import type { Deps } from '../services/deps';
import { applyWebhookEvent } from '../services/automation/apply';
import { WebhookEvent } from '../services/automation/events';
import { activeWebhookSecrets } from '../services/automation/secrets';
import { ServiceError, type ServiceErrorCode } from '../services/service-error';
import { verifyWebhook } from './verify';

export interface WebhookReply {
  status: number;
  body: Record<string, unknown>;
}

const HTTP_STATUS: Record<ServiceErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
};
const fail = (status: number, error: string, extra: Record<string, unknown> = {}): WebhookReply => ({ status, body: { ok: false, error, ...extra } });

/**
 * One automation delivery, already read into memory: workspace, signature and window, JSON, schema, then the
 * effect. Every refusal happens before anything is written, so a rejected delivery stores nothing.
 */
export async function handleAutomationWebhook(
  deps: Deps,
  workspaceId: string,
  headers: { timestamp?: string; signature?: string },
  rawBody: Buffer,
): Promise<WebhookReply> {
  const ws = await deps.store.workspaces.get(workspaceId);
  if (!ws) return fail(404, 'unknown workspace');
  const secrets = await activeWebhookSecrets(deps, workspaceId);
  if (secrets.length === 0) return fail(401, 'this workspace has no webhook secret yet: create one with `npm run admin -- webhook-secret --workspace <id>`');
  const verdict = verifyWebhook(secrets, headers.timestamp, headers.signature, rawBody, deps.now());
  if (!verdict.ok) return fail(401, verdict.error);
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return fail(400, 'body is not valid JSON');
  }
  const parsed = WebhookEvent.safeParse(json);
  if (!parsed.success)
    return fail(400, 'invalid event', {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      fields: z.flattenError(parsed.error).fieldErrors,
    });
  try {
    const out = await applyWebhookEvent(deps, workspaceId, parsed.data);
    return { status: 200, body: { ok: true, eventId: parsed.data.eventId, ...out } };
  } catch (err) {
    if (err instanceof ServiceError) return fail(HTTP_STATUS[err.code], err.message, { details: err.details });
    throw err;
  }
}
