import { useEffect, useState } from 'react';
import { RotateWebhookSecretInput, type SetRulesInput, type WorkspaceRules } from '../../utils/schemas/settings';
import { t, type MessageKey } from '../../utils/i18n/t';
import { formatDateTime } from '../../utils/i18n/format';
import type { TeamSettingsView } from '../../utils/inbox/settings-types';
import { webhookExample } from '../../utils/inbox/webhook-example';
import { fieldErrors, type FieldErrors } from './field-errors';
import { CopyButton, FieldError, FormStatus, Section, useRun, type Change } from './shared';

const RULES: Array<{ rule: keyof SetRulesInput; key: MessageKey; hint: MessageKey }> = [
  { rule: 'handoffNoteRequired', key: 'settings.rules.handoffNote', hint: 'settings.rules.handoffNoteHint' },
  { rule: 'agentsCanTakeOver', key: 'settings.rules.agentsTakeOver', hint: 'settings.rules.agentsTakeOverHint' },
  { rule: 'requireResolveReason', key: 'settings.rules.resolveReason', hint: 'settings.rules.resolveReasonHint' },
];

/** Handoff and take-over rules; the automation webhook's secret (admins rotate it). */
export function RulesSection({ view, isAdmin, change }: { view: TeamSettingsView; isAdmin: boolean; change: Change }) {
  return (
    <>
      <Section title={t('settings.rules.title')} label={t('settings.rules.title')}>
        {RULES.map((r) => (
          <RuleSwitch key={r.rule} rule={r.rule} label={t(r.key)} hint={t(r.hint)} rules={view.rules} change={change} />
        ))}
      </Section>
      <Section title={t('settings.webhook.title')} label={t('settings.webhook.title')}>
        <WebhookSecret view={view} isAdmin={isAdmin} change={change} />
      </Section>
    </>
  );
}

function RuleSwitch({ rule, label, hint, rules, change }: { rule: keyof SetRulesInput; label: string; hint: string; rules: WorkspaceRules; change: Change }) {
  const [on, setOn] = useState(rules[rule]);
  const { busy, error, saved, run } = useRun();
  useEffect(() => setOn(rules[rule]), [rules, rule]);
  const flip = async (next: boolean) => {
    setOn(next);
    if (!(await run(() => change({ kind: 'setRules', [rule]: next })))) setOn(!next);
  };
  return (
    <div className="rule">
      <label className="check">
        <input type="checkbox" checked={on} disabled={busy} onChange={(e) => void flip(e.target.checked)} /> <strong>{label}</strong>
      </label>
      <p className="muted hint">{hint}</p>
      <FormStatus error={error} saved={saved} />
    </div>
  );
}

function WebhookSecret({ view, isAdmin, change }: { view: TeamSettingsView; isAdmin: boolean; change: Change }) {
  const [grace, setGrace] = useState('24');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [shown, setShown] = useState<{ secret: string; url: string; previousValidUntil: string; replaced: boolean } | null>(null);
  const { busy, error, run } = useRun();
  const w = view.webhook;
  const rotate = async () => {
    const input = { graceHours: grace.trim() === '' ? NaN : Number(grace) };
    const errs = fieldErrors(RotateWebhookSecretInput, input);
    setErrors(errs);
    if (Object.keys(errs).length) return;
    const out = await run(() => change({ kind: 'rotateWebhookSecret', graceHours: input.graceHours }));
    // The first secret replaces none: then there is no grace period to tell of.
    if (out?.kind === 'secret') setShown({ ...out, replaced: w.currentSince !== null });
  };
  const example = shown ? webhookExample(shown.url, shown.secret, view.rules.defaultQueue, view.channels[0]?.wid ?? null) : '';
  return (
    <div>
      <p>
        {t('settings.webhook.address')} <code data-testid="webhook-url">{`${view.serverUrl}${w.path}`}</code>
      </p>
      <p className="muted">
        {w.currentSince === null ? t('settings.webhook.noSecret') : t('settings.webhook.since', { when: formatDateTime(w.currentSince) })}
        {w.previousValidUntil !== null && ` · ${t('settings.webhook.previousUntil', { when: formatDateTime(w.previousValidUntil) })}`}
      </p>
      {isAdmin ? (
        <form
          className="inline-form"
          aria-label={t('settings.webhook.rotate')}
          onSubmit={(e) => {
            e.preventDefault();
            void rotate();
          }}
        >
          <div className="field narrow">
            <label htmlFor="grace-hours">{t('settings.webhook.grace')}</label>
            <input id="grace-hours" type="number" value={grace} aria-invalid={!!errors.graceHours} onChange={(e) => setGrace(e.target.value)} />
            <FieldError text={errors.graceHours} />
          </div>
          <button type="submit" disabled={busy}>
            {w.currentSince === null ? t('settings.webhook.create') : t('settings.webhook.rotate')}
          </button>
        </form>
      ) : (
        <p className="muted">{t('settings.webhook.adminsOnly')}</p>
      )}
      <FormStatus error={error} saved={false} />
      {shown && (
        <div className="one-time" role="status" data-testid="webhook-secret">
          <p>
            <strong>{t('settings.webhook.newSecret')}</strong> <code>{shown.secret}</code>{' '}
            <CopyButton text={shown.secret} label={t('settings.webhook.copySecret')} />
          </p>
          <p className="muted">
            {shown.replaced
              ? t('settings.webhook.shownOnce', { when: formatDateTime(Date.parse(shown.previousValidUntil)) })
              : t('settings.webhook.shownOnceFirst')}
          </p>
          <p>{t('settings.webhook.example')}</p>
          <pre className="steps">{example}</pre>
          <CopyButton text={example} label={t('settings.webhook.copyExample')} />
        </div>
      )}
    </div>
  );
}
