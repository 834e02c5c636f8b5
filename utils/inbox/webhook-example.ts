/**
 * A request an automation can be tested with: a signed handoff to `queue`, as a shell script (curl and openssl).
 * Shell variables keep the secret in one place; the body is sent byte for byte (--data-binary) so the signature holds.
 */
export function webhookExample(url: string, secret: string, queue: string, channelWid: string | null): string {
  const body = JSON.stringify({
    type: 'handoff',
    eventId: 'evt-test-0001',
    channelWid: channelWid ?? '34600000000',
    phone: '+34612345678',
    queue,
    priority: 'normal',
    summary: 'Test lead from the automation',
    reason: 'asked for a human',
  });
  return [
    `SECRET=${quote(secret)}`,
    `BODY=${quote(body)}`,
    'TS=$(date +%s)',
    `SIG=$(printf '%s.%s' "$TS" "$BODY" | openssl dgst -sha256 -hmac "$SECRET" -hex | sed 's/^.*= //')`,
    `curl -sS -X POST ${quote(url)} \\`,
    `  -H 'content-type: application/json' \\`,
    `  -H "x-inbox-timestamp: $TS" \\`,
    `  -H "x-inbox-signature: sha256=$SIG" \\`,
    '  --data-binary "$BODY"',
  ].join('\n');
}

/** A shell word in single quotes: a quote inside closes, escapes itself and reopens. */
const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
