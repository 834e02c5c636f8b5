import { useEffect, useState } from 'react';
import { SetSlaPolicyInput, WEEKDAYS, type EscalationNotify, type QueueSlaPolicy, type TimeRange, type Weekday } from '../../utils/schemas/sla';
import { t, type MessageKey } from '../../utils/i18n/t';
import type { TeamQueue, TeamSettingsView } from '../../utils/inbox/settings-types';
import { fieldErrors, type FieldErrors } from './field-errors';
import { FieldError, FormStatus, Section, useRun, type Change } from './shared';

const MINUTE = 60_000;
const DAY_KEYS: Record<Weekday, MessageKey> = {
  mon: 'settings.sla.mon',
  tue: 'settings.sla.tue',
  wed: 'settings.sla.wed',
  thu: 'settings.sla.thu',
  fri: 'settings.sla.fri',
  sat: 'settings.sla.sat',
  sun: 'settings.sla.sun',
};
const NOTIFY: Array<{ value: EscalationNotify; key: MessageKey }> = [
  { value: 'owner-and-managers', key: 'settings.sla.notifyOwnerAndManagers' },
  { value: 'managers', key: 'settings.sla.notifyManagers' },
  { value: 'owner', key: 'settings.sla.notifyOwner' },
];
const TARGETS = [
  { field: 'firstResponseMs', key: 'settings.sla.firstResponse' },
  { field: 'nextResponseMs', key: 'settings.sla.nextResponse' },
  { field: 'resolutionMs', key: 'settings.sla.resolution' },
] as const;
type TargetField = (typeof TARGETS)[number]['field'];

interface PolicyForm {
  targets: Record<TargetField, string>;
  warnPercent: string;
  clock: 'wall' | 'business';
  timeZone: string;
  weekly: Record<Weekday, TimeRange[]>;
  holidays: string[];
  notify: EscalationNotify;
  moveTo: string;
  release: boolean;
}

const emptyWeek = (): Record<Weekday, TimeRange[]> => ({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] });
const minutes = (ms: number | null | undefined) => (ms == null ? '' : String(ms / MINUTE));
const toMs = (v: string) => (v.trim() === '' ? null : Math.round(Number(v) * MINUTE));

function formOf(policy: QueueSlaPolicy | null, localZone: string): PolicyForm {
  const schedule = policy?.mode.kind === 'business' ? policy.mode.schedule : null;
  return {
    targets: {
      firstResponseMs: minutes(policy?.firstResponseMs),
      nextResponseMs: minutes(policy?.nextResponseMs),
      resolutionMs: minutes(policy?.resolutionMs),
    },
    warnPercent: policy ? String(Math.round(policy.warnAtFraction * 100)) : '80',
    clock: policy?.mode.kind ?? 'business',
    timeZone: schedule?.timeZone ?? localZone,
    weekly: schedule ? { ...emptyWeek(), ...schedule.weekly } : emptyWeek(),
    holidays: schedule?.holidays ?? [],
    notify: policy?.escalation.notify ?? 'owner-and-managers',
    moveTo: policy?.escalation.moveToQueue ?? '',
    release: policy?.escalation.release ?? false,
  };
}

function inputOf(queue: string, f: PolicyForm) {
  return {
    queue,
    policy: {
      firstResponseMs: toMs(f.targets.firstResponseMs),
      nextResponseMs: toMs(f.targets.nextResponseMs),
      resolutionMs: toMs(f.targets.resolutionMs),
      warnAtFraction: f.warnPercent.trim() === '' ? NaN : Number(f.warnPercent) / 100,
      mode:
        f.clock === 'wall'
          ? { kind: 'wall' as const }
          : { kind: 'business' as const, schedule: { timeZone: f.timeZone.trim(), weekly: f.weekly, holidays: f.holidays } },
      escalation: { notify: f.notify, moveToQueue: f.moveTo || null, release: f.release },
    },
  };
}

/** Per queue: targets and warning point, business hours with breaks, holidays, time zone, and what a breach does. */
export function SlaSection({ view, change, localZone }: { view: TeamSettingsView; change: Change; localZone: string }) {
  const active = view.queues.filter((q) => !q.archived);
  const [queue, setQueue] = useState(active[0]?.name ?? '');
  const current = active.find((q) => q.name === queue) ?? active[0];
  return (
    <Section title={t('settings.sla.title')} label={t('settings.sla.title')}>
      <div className="field narrow">
        <label htmlFor="sla-queue">{t('settings.sla.queue')}</label>
        <select id="sla-queue" value={current?.name ?? ''} onChange={(e) => setQueue(e.target.value)}>
          {active.map((q) => (
            <option key={q.name} value={q.name}>
              {q.name}
              {q.policy ? '' : ` · ${t('settings.sla.none')}`}
            </option>
          ))}
        </select>
      </div>
      {current && <PolicyEditor key={current.name} queue={current} queues={active.map((q) => q.name)} change={change} localZone={localZone} />}
    </Section>
  );
}

function PolicyEditor({ queue, queues, change, localZone }: { queue: TeamQueue; queues: string[]; change: Change; localZone: string }) {
  const [f, setF] = useState(() => formOf(queue.policy, localZone));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [holiday, setHoliday] = useState('');
  const { busy, error, saved, run } = useRun();
  // Another manager's change shows here as it lands.
  const stored = JSON.stringify(queue.policy);
  useEffect(() => setF(formOf(JSON.parse(stored) as QueueSlaPolicy | null, localZone)), [stored, localZone]);
  const err = (path: string) => errors[`policy.${path}`];
  const setDay = (day: Weekday, ranges: TimeRange[]) => setF({ ...f, weekly: { ...f.weekly, [day]: ranges } });
  const save = async () => {
    const input = inputOf(queue.name, f);
    const errs = fieldErrors(SetSlaPolicyInput, input);
    setErrors(errs);
    if (Object.keys(errs).length) return;
    await run(() => change({ kind: 'setPolicy', ...input }));
  };
  return (
    <form
      className="policy"
      aria-label={t('settings.sla.policyOf', { queue: queue.name })}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <p className="muted">{queue.policy ? t('settings.sla.measured') : t('settings.sla.notMeasured')}</p>
      <fieldset>
        <legend>{t('settings.sla.targets')}</legend>
        <div className="grid">
          {TARGETS.map(({ field, key }) => (
            <div className="field" key={field}>
              <label htmlFor={`sla-${field}`}>{t(key)}</label>
              <input
                id={`sla-${field}`}
                type="number"
                placeholder={t('settings.sla.notMeasuredShort')}
                value={f.targets[field]}
                aria-invalid={!!err(field)}
                onChange={(e) => setF({ ...f, targets: { ...f.targets, [field]: e.target.value } })}
              />
              <FieldError text={err(field)} />
            </div>
          ))}
          <div className="field">
            <label htmlFor="sla-warn">{t('settings.sla.warnAt')}</label>
            <input
              id="sla-warn"
              type="number"
              value={f.warnPercent}
              aria-invalid={!!err('warnAtFraction')}
              onChange={(e) => setF({ ...f, warnPercent: e.target.value })}
            />
            <FieldError text={err('warnAtFraction')} />
          </div>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('settings.sla.clock')}</legend>
        <label className="check">
          <input type="radio" name="sla-clock" checked={f.clock === 'business'} onChange={() => setF({ ...f, clock: 'business' })} />{' '}
          {t('settings.sla.businessHours')}
        </label>
        <label className="check">
          <input type="radio" name="sla-clock" checked={f.clock === 'wall'} onChange={() => setF({ ...f, clock: 'wall' })} /> {t('settings.sla.wallClock')}
        </label>
        {f.clock === 'business' && (
          <>
            <div className="field">
              <label htmlFor="sla-zone">{t('settings.sla.timeZone')}</label>
              <input
                id="sla-zone"
                value={f.timeZone}
                aria-invalid={!!err('mode.schedule.timeZone')}
                onChange={(e) => setF({ ...f, timeZone: e.target.value })}
              />
              <FieldError text={err('mode.schedule.timeZone')} />
            </div>
            <table className="week">
              <tbody>
                {WEEKDAYS.map((day) => (
                  <DayRow key={day} day={day} ranges={f.weekly[day]} errors={errors} onChange={(r) => setDay(day, r)} />
                ))}
              </tbody>
            </table>
            <FieldError text={err('mode.schedule.weekly')} />
            <button
              type="button"
              className="secondary small"
              onClick={() => setF({ ...f, weekly: Object.fromEntries(WEEKDAYS.map((d) => [d, f.weekly.mon.map((r) => ({ ...r }))])) as PolicyForm['weekly'] })}
            >
              {t('settings.sla.copyMonday')}
            </button>
            <div className="field">
              <label htmlFor="sla-holiday">{t('settings.sla.holidays')}</label>
              <div className="row">
                <input id="sla-holiday" type="date" value={holiday} onChange={(e) => setHoliday(e.target.value)} />
                <button
                  type="button"
                  className="secondary small"
                  disabled={!holiday || f.holidays.includes(holiday)}
                  onClick={() => {
                    setF({ ...f, holidays: [...f.holidays, holiday].sort() });
                    setHoliday('');
                  }}
                >
                  {t('settings.sla.addHoliday')}
                </button>
              </div>
              <ul className="holidays">
                {f.holidays.map((h, i) => (
                  <li key={h}>
                    {h}{' '}
                    <button
                      type="button"
                      className="link"
                      aria-label={t('settings.sla.removeHoliday', { date: h })}
                      onClick={() => setF({ ...f, holidays: f.holidays.filter((x) => x !== h) })}
                    >
                      ×
                    </button>
                    <FieldError text={err(`mode.schedule.holidays.${i}`)} />
                  </li>
                ))}
              </ul>
              <FieldError text={err('mode.schedule.holidays')} />
            </div>
          </>
        )}
      </fieldset>
      <fieldset>
        <legend>{t('settings.sla.onBreach')}</legend>
        <div className="grid">
          <div className="field">
            <label htmlFor="sla-notify">{t('settings.sla.notify')}</label>
            <select id="sla-notify" value={f.notify} onChange={(e) => setF({ ...f, notify: e.target.value as EscalationNotify })}>
              {NOTIFY.map((n) => (
                <option key={n.value} value={n.value}>
                  {t(n.key)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="sla-move">{t('settings.sla.moveTo')}</label>
            <select id="sla-move" value={f.moveTo} onChange={(e) => setF({ ...f, moveTo: e.target.value })}>
              <option value="">{t('settings.sla.dontMove')}</option>
              {queues
                .filter((q) => q !== queue.name)
                .map((q) => (
                  <option key={q} value={q}>
                    {q}
                  </option>
                ))}
            </select>
            <FieldError text={err('escalation.moveToQueue')} />
          </div>
        </div>
        <label className="check">
          <input type="checkbox" checked={f.release} onChange={(e) => setF({ ...f, release: e.target.checked })} /> {t('settings.sla.release')}
        </label>
      </fieldset>
      <div className="row actions">
        <button type="submit" disabled={busy}>
          {t('settings.sla.save')}
        </button>
        {queue.policy && (
          <button
            type="button"
            className="secondary"
            disabled={busy}
            onClick={() => void run(() => change({ kind: 'setPolicy', queue: queue.name, policy: null }))}
          >
            {t('settings.sla.remove')}
          </button>
        )}
      </div>
      <FormStatus error={error} saved={saved} />
    </form>
  );
}

function DayRow({ day, ranges, errors, onChange }: { day: Weekday; ranges: TimeRange[]; errors: FieldErrors; onChange(r: TimeRange[]): void }) {
  const base = `policy.mode.schedule.weekly.${day}`;
  const set = (i: number, patch: Partial<TimeRange>) => onChange(ranges.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <tr data-day={day}>
      <th scope="row">{t(DAY_KEYS[day])}</th>
      <td>
        {ranges.length === 0 && <span className="muted">{t('settings.sla.closed')}</span>}
        {ranges.map((r, i) => (
          <span className="range" key={i}>
            <input
              aria-label={t('settings.sla.opens', { day: t(DAY_KEYS[day]), n: i + 1 })}
              className="time"
              value={r.start}
              placeholder="09:00"
              onChange={(e) => set(i, { start: e.target.value })}
            />
            –
            <input
              aria-label={t('settings.sla.closes', { day: t(DAY_KEYS[day]), n: i + 1 })}
              className="time"
              value={r.end}
              placeholder="17:00"
              onChange={(e) => set(i, { end: e.target.value })}
            />
            <button type="button" className="link" aria-label={t('settings.sla.removeRange')} onClick={() => onChange(ranges.filter((_, j) => j !== i))}>
              ×
            </button>
            <FieldError text={errors[`${base}.${i}.start`] ?? errors[`${base}.${i}.end`] ?? errors[`${base}.${i}`]} />
          </span>
        ))}
        <button
          type="button"
          className="secondary small"
          aria-label={t('settings.sla.addRangeTo', { day: t(DAY_KEYS[day]) })}
          onClick={() => onChange([...ranges, ranges.length ? { start: '14:00', end: '18:00' } : { start: '09:00', end: '13:00' }])}
        >
          +
        </button>
        <FieldError text={errors[base]} />
      </td>
    </tr>
  );
}
