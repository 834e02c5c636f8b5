import { useEffect, useState } from 'react';
import { CreateQueueInput, RenameQueueInput, SetQueueRoutingInput, type RoutingMode } from '../../utils/schemas/settings';
import { t, type MessageKey } from '../../utils/i18n/t';
import type { TeamQueue, TeamSettingsView } from '../../utils/inbox/settings-types';
import { fieldErrors, type FieldErrors } from './field-errors';
import { FieldError, FormStatus, Section, useRun, type Change } from './shared';

const MODES: Array<{ mode: RoutingMode; key: MessageKey }> = [
  { mode: 'manual', key: 'settings.queues.manual' },
  { mode: 'round-robin', key: 'settings.queues.roundRobin' },
  { mode: 'least-loaded', key: 'settings.queues.leastLoaded' },
];
const MINUTE = 60_000;

/** Create, rename, archive, routing mode, sticky, owner-response timeout and the default queue. */
export function QueuesSection({ view, change }: { view: TeamSettingsView; change: Change }) {
  return (
    <Section title={t('settings.queues.title')} label={t('settings.queues.title')}>
      <CreateQueue change={change} />
      {view.queues.map((q) => (
        <QueueCard key={q.name} queue={q} isDefault={q.name === view.rules.defaultQueue} change={change} />
      ))}
    </Section>
  );
}

function CreateQueue({ change }: { change: Change }) {
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const { busy, error, saved, run } = useRun();
  const submit = async () => {
    const errs = fieldErrors(CreateQueueInput, { name });
    setErrors(errs);
    if (Object.keys(errs).length) return;
    if (await run(() => change({ kind: 'createQueue', name: name.trim() }))) setName('');
  };
  return (
    <form
      className="inline-form"
      aria-label={t('settings.queues.create')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="field">
        <label htmlFor="new-queue">{t('settings.queues.newName')}</label>
        <input id="new-queue" value={name} aria-invalid={!!errors.name} onChange={(e) => setName(e.target.value)} />
        <FieldError text={errors.name} />
      </div>
      <button type="submit" disabled={busy}>
        {t('settings.queues.create')}
      </button>
      <FormStatus error={error} saved={saved} />
    </form>
  );
}

function QueueCard({ queue, isDefault, change }: { queue: TeamQueue; isDefault: boolean; change: Change }) {
  const [name, setName] = useState(queue.name);
  const [mode, setMode] = useState<RoutingMode>(queue.mode);
  const [sticky, setSticky] = useState(queue.sticky);
  const [timeout, setTimeoutMinutes] = useState(queue.ownerResponseTimeoutMs === null ? '' : String(queue.ownerResponseTimeoutMs / MINUTE));
  const [errors, setErrors] = useState<FieldErrors>({});
  const { busy, error, saved, run } = useRun();
  // Another manager's change shows here as it lands (the page reads the settings again every few seconds).
  useEffect(() => {
    setMode(queue.mode);
    setSticky(queue.sticky);
    setTimeoutMinutes(queue.ownerResponseTimeoutMs === null ? '' : String(queue.ownerResponseTimeoutMs / MINUTE));
  }, [queue.mode, queue.sticky, queue.ownerResponseTimeoutMs]);
  const id = (field: string) => `queue-${queue.name}-${field}`.replace(/\s+/g, '_');
  const saveRouting = async () => {
    const input = { queue: queue.name, mode, sticky, ownerResponseTimeoutMs: timeout.trim() === '' ? null : Math.round(Number(timeout) * MINUTE) };
    const errs = fieldErrors(SetQueueRoutingInput, input);
    setErrors(errs);
    if (Object.keys(errs).length) return;
    await run(() => change({ kind: 'setQueueRouting', ...input }));
  };
  const rename = async () => {
    const errs = fieldErrors(RenameQueueInput, { queue: queue.name, to: name });
    setErrors(errs);
    if (Object.keys(errs).length) return;
    await run(() => change({ kind: 'renameQueue', queue: queue.name, to: name.trim() }));
  };
  return (
    <div className={`queue-card${queue.archived ? ' archived' : ''}`} data-queue={queue.name}>
      <div className="queue-head">
        <div className="field">
          <label htmlFor={id('name')}>{t('settings.queues.name')}</label>
          <div className="row">
            <input id={id('name')} value={name} aria-invalid={!!errors.to} onChange={(e) => setName(e.target.value)} />
            <button type="button" className="secondary small" disabled={busy || name.trim() === queue.name} onClick={() => void rename()}>
              {t('settings.queues.rename')}
            </button>
          </div>
          <FieldError text={errors.to} />
        </div>
        <div className="badges">
          {isDefault && <span className="chip">{t('settings.queues.isDefault')}</span>}
          {queue.archived && <span className="chip muted">{t('settings.queues.archived')}</span>}
          {!queue.archived && <span className="muted">{t('settings.queues.waiting', { count: queue.waiting })}</span>}
          {!queue.archived && !isDefault && (
            <button
              type="button"
              className="secondary small"
              disabled={busy}
              onClick={() => void run(() => change({ kind: 'setDefaultQueue', queue: queue.name }))}
            >
              {t('settings.queues.makeDefault')}
            </button>
          )}
          {!isDefault && (
            <button
              type="button"
              className="secondary small"
              disabled={busy}
              onClick={() => void run(() => change({ kind: 'archiveQueue', queue: queue.name, archived: !queue.archived }))}
            >
              {queue.archived ? t('settings.queues.restore') : t('settings.queues.archive')}
            </button>
          )}
        </div>
      </div>
      {!queue.archived && (
        <form
          className="queue-routing"
          aria-label={t('settings.queues.routingOf', { queue: queue.name })}
          onSubmit={(e) => {
            e.preventDefault();
            void saveRouting();
          }}
        >
          <div className="field narrow">
            <label htmlFor={id('mode')}>{t('settings.queues.mode')}</label>
            <select id={id('mode')} value={mode} onChange={(e) => setMode(e.target.value as RoutingMode)}>
              {MODES.map((m) => (
                <option key={m.mode} value={m.mode}>
                  {t(m.key)}
                </option>
              ))}
            </select>
            <FieldError text={errors.mode} />
          </div>
          <div className="field narrow">
            <label htmlFor={id('timeout')}>{t('settings.queues.timeout')}</label>
            <input
              id={id('timeout')}
              type="number"
              placeholder={t('settings.queues.timeoutOff')}
              value={timeout}
              aria-invalid={!!errors.ownerResponseTimeoutMs}
              onChange={(e) => setTimeoutMinutes(e.target.value)}
            />
            <FieldError text={errors.ownerResponseTimeoutMs} />
          </div>
          <label className="check">
            <input type="checkbox" checked={sticky} onChange={(e) => setSticky(e.target.checked)} /> {t('settings.queues.sticky')}
          </label>
          <button type="submit" disabled={busy}>
            {t('settings.save')}
          </button>
        </form>
      )}
      <FormStatus error={error} saved={saved} />
    </div>
  );
}
