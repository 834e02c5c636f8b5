import { useCallback, useState } from 'react';
import type { CoverageChats, CoverageChatsQuery, CoverageKind, ManagerViewState } from '../../utils/metrics/manager-view';
import type { SummaryReport } from '../../utils/metrics/summary-csv';
import { t, type MessageKey } from '../../utils/i18n/t';
import { formatDateTime, formatTime } from '../../utils/i18n/format';
import { availabilityName } from '../i18n/labels';
import { CoverageChatList, type DrillDown } from './CoverageChatList';
import { ExportCsv } from './ExportCsv';
import { MemberFigures, QueueFigures, TotalFigures } from './ManagerFigures';
import { TrendChart } from './TrendChart';

/** Each count with its name, and the shorter one a table column has room for. */
const KINDS: Array<[CoverageKind, MessageKey, MessageKey]> = [
  ['open', 'manager.open', 'manager.open'],
  ['unowned', 'manager.unowned', 'manager.unowned'],
  ['unattended', 'manager.unattended', 'manager.unattended'],
  ['warning', 'manager.warning', 'manager.warn'],
  ['breaching', 'manager.breaching', 'manager.breach'],
];

export interface ManagerActions {
  loadChats(query: CoverageChatsQuery): Promise<CoverageChats>;
  openChat(conversationId: string): Promise<void>;
  loadReport(range: { from: number; to: number }): Promise<SummaryReport>;
}

/** A count that opens the list of chats behind it; a zero opens nothing. */
function Count({ value, label, onOpen, className = '', testId }: { value: number; label: string; onOpen(): void; className?: string; testId?: string }) {
  return (
    <button className={`count ${className}`} disabled={value === 0} onClick={onOpen} title={t('manager.showChats', { what: label })} data-testid={testId}>
      {value}
    </button>
  );
}

function Switch<T extends string | number>({
  label,
  value,
  options,
  onChange,
  testId,
}: {
  label: string;
  value: T;
  options: Array<[T, string]>;
  onChange(v: T): void;
  testId: string;
}) {
  return (
    <span className="switch" role="group" aria-label={label}>
      {options.map(([v, text]) => (
        <button key={v} className={v === value ? 'on' : ''} aria-pressed={v === value} onClick={() => onChange(v)} data-testid={`${testId}-${v}`}>
          {text}
        </button>
      ))}
    </span>
  );
}

/** The manager's popup (product spec sections 5 and 6): coverage now with a list behind every count, figures, trend, export. */
export function ManagerView({ state, actions }: { state: ManagerViewState; actions: ManagerActions }) {
  const { view, stale, fetchedAt } = state;
  const [drill, setDrill] = useState<DrillDown | null>(null);
  const [trendDays, setTrendDays] = useState<14 | 30>(14);
  const [period, setPeriod] = useState<'today' | 'week'>('week');
  const close = useCallback(() => setDrill(null), []);
  const coverage = view.coverage;
  const names = new Map(coverage.members.map((m) => [m.id, m.name]));
  const memberName = (id: string) => names.get(id) ?? t('common.formerMember');
  const open = (query: CoverageChatsQuery, title: string) => setDrill({ query, title });
  const report = period === 'today' ? view.today : view.week;
  const periods: Array<['today' | 'week', string]> = [
    ['today', t('manager.today')],
    ['week', t('manager.week')],
  ];
  return (
    <section aria-label={t('manager.label')} data-testid="manager-view" className={stale ? 'manager stale' : 'manager'} data-stale={stale}>
      {stale && (
        <p className="stale-banner" role="status" data-testid="manager-stale">
          {t('manager.stale', { time: formatDateTime(fetchedAt) })}
        </p>
      )}
      <h2>
        {t('manager.coverageNow')} <span className="as-of">{t('manager.asOf', { time: formatTime(coverage.at) })}</span>
      </h2>
      <div className="cards">
        {KINDS.map(([k, label]) => (
          <button
            key={k}
            className={`card ${k === 'breaching' && coverage.total[k] ? 'bad' : ''} ${k === 'warning' && coverage.total[k] ? 'warn' : ''}`}
            data-testid={`coverage-${k}`}
            disabled={coverage.total[k] === 0}
            title={t('manager.showChats', { what: t(label) })}
            onClick={() => open({ kind: k }, t(label))}
          >
            <strong>{coverage.total[k]}</strong>
            <span>{t(label)}</span>
          </button>
        ))}
      </div>
      {/* Two stacks side by side, so a long team list and a short queue list leave no hole between rows. */}
      <div className="columns">
        <div>
          <h3>{t('manager.byQueueNow')}</h3>
          <table className="compact" data-testid="queue-coverage">
            <thead>
              <tr>
                <th>{t('manager.queue')}</th>
                {KINDS.map(([k, label, short]) => (
                  <th key={k} title={t(label)}>
                    {t(short)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {Object.entries(coverage.byQueue).map(([q, c]) => (
                <tr key={q} data-queue={q}>
                  <td>{q}</td>
                  {KINDS.map(([k, label]) => (
                    <td key={k}>
                      <Count
                        value={c[k]}
                        label={`${t(label)} · ${q}`}
                        testId={`queue-${k}`}
                        className={k === 'breaching' && c[k] ? 'bad' : ''}
                        onOpen={() => open({ kind: k, queue: q }, `${t(label)} · ${q}`)}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {Object.keys(coverage.byQueue).length === 0 && <p className="muted">{t('manager.nothingOpen')}</p>}
          <h3>{t('manager.figures')}</h3>
          <TotalFigures today={view.today} week={view.week} />
        </div>
        <div>
          <h3>{t('manager.team')}</h3>
          <table className="compact" data-testid="member-load">
            <thead>
              <tr>
                <th>{t('manager.member')}</th>
                <th>{t('manager.load')}</th>
                <th>{t('manager.status')}</th>
                <th>{t('manager.live')}</th>
              </tr>
            </thead>
            <tbody>
              {coverage.members.map((m) => (
                <tr key={m.id} data-member={m.id}>
                  <td>{m.name}</td>
                  <td>
                    <Count
                      value={m.load}
                      label={t('manager.loadOf', { name: m.name })}
                      testId="member-load-count"
                      onOpen={() => open({ kind: 'load', memberId: m.id }, t('manager.loadOf', { name: m.name }))}
                    />
                    /{m.capacity}
                  </td>
                  <td className={m.availability === 'available' ? 'ok' : 'muted'}>{availabilityName(m.availability)}</td>
                  <td title={m.connections.map((c) => c.browser ?? '').join('\n')}>{m.connections.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>
            {t('manager.trend')}
            <Switch<14 | 30>
              label={t('manager.trendRange')}
              value={trendDays}
              onChange={setTrendDays}
              testId="trend"
              options={[
                [14, t('manager.days', { count: 14 })],
                [30, t('manager.days', { count: 30 })],
              ]}
            />
          </h3>
          <TrendChart days={view.trend.slice(-trendDays)} />
        </div>
      </div>
      <h3>
        {t('manager.byQueueAndMember')}
        <Switch<'today' | 'week'> label={t('manager.period')} value={period} onChange={setPeriod} testId="period" options={periods} />
      </h3>
      <QueueFigures report={report} />
      <MemberFigures report={report} />
      <h3>{t('manager.export')}</h3>
      <ExportCsv loadReport={actions.loadReport} now={fetchedAt} />
      {drill && <CoverageChatList {...drill} load={actions.loadChats} openChat={actions.openChat} memberName={memberName} now={Date.now()} onClose={close} />}
    </section>
  );
}
