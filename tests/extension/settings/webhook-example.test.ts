import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { webhookExample } from '../../../utils/inbox/webhook-example';

describe('the webhook example request', () => {
  it('signs its body as the server verifies it, even with a quote in the queue name', () => {
    const secret = 'whsec_test-secret';
    const script = webhookExample('http://127.0.0.1:9/webhooks/automation/ws_1', secret, "o'brien", '34600000001');
    // curl replaced by a function that prints what it would send: timestamp, signature, body.
    const out = execFileSync('bash', ['-c', `curl() { printf '%s\\n' "$@"; }\n${script}`], { encoding: 'utf8' }).split('\n');
    const header = (name: string) => out.find((l) => l.startsWith(`${name}: `))!.slice(name.length + 2);
    const body = out[out.indexOf('--data-binary') + 1]!;
    const ts = header('x-inbox-timestamp');
    expect(JSON.parse(body)).toMatchObject({ type: 'handoff', queue: "o'brien", channelWid: '34600000001' });
    expect(header('x-inbox-signature')).toBe(`sha256=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`);
    expect(out).toContain('http://127.0.0.1:9/webhooks/automation/ws_1');
  });
});
