import type { ReactNode } from 'react';
import type { SummaryFigures, SummaryReport } from '../../utils/metrics/summary-csv';
import { t, type MessageKey } from '../../utils/i18n/t';
import { formatPercent } from '../../utils/i18n/format';
import { formatMs } from './TrendChart';

type Dist = SummaryFigures['firstResponse'];
const pct = (v: number | null) => (v === null ? '—' : formatPercent(v));
const p50p90 = (d: Dist) => `${formatMs(d.p50Ms)} / ${formatMs(d.p90Ms)}`;
const slaMet = (f: SummaryFigures) =>
  f.sla.episodes === 0 ? '—' : t('manager.ofEpisodes', { share: pct(f.sla.adherence), met: f.sla.met, episodes: f.sla.episodes });
const withPart = (all: number, part: number, key: MessageKey) => (all === 0 ? '0' : t(key, { count: all, part }));

/** Each figure of the summary as one row: its name, how it reads, and its definition as a tooltip. */
const ROWS: Array<{ id: string; label: MessageKey; hint: MessageKey; value: (f: SummaryFigures) => ReactNode }> = [
  { id: 'first-reply', label: 'manager.firstReply', hint: 'manager.firstReplyTitle', value: (f) => p50p90(f.firstResponse) },
  { id: 'assignment-reply', label: 'manager.assignmentReply', hint: 'manager.assignmentReplyTitle', value: (f) => p50p90(f.assignmentToFirstReply) },
  { id: 'reply-time', label: 'manager.replyTime', hint: 'manager.replyTimeTitle', value: (f) => p50p90(f.replyTime) },
  { id: 'resolution', label: 'manager.resolution', hint: 'manager.resolutionTitle', value: (f) => p50p90(f.resolution) },
  { id: 'sla', label: 'manager.slaMet', hint: 'manager.slaMetTitle', value: slaMet },
  { id: 'breaches', label: 'manager.breaches', hint: 'manager.breachesTitle', value: (f) => f.sla.breaches },
  {
    id: 'follow-ups',
    label: 'manager.followUps',
    hint: 'manager.followUpsTitle',
    value: (f) => withPart(f.followUps.count, f.followUps.nudged, 'manager.nudged'),
  },
  {
    id: 'reassignments',
    label: 'manager.reassignedHeader',
    hint: 'manager.reassignedTitle',
    value: (f) => withPart(f.reassignments.count, f.reassignments.unnecessary, 'manager.reassigned'),
  },
  { id: 'held', label: 'manager.collisionsPrevented', hint: 'manager.collisionsPreventedTitle', value: (f) => f.collisions.held },
  { id: 'overrides', label: 'manager.overrides', hint: 'manager.overridesTitle', value: (f) => f.collisions.overrides },
  { id: 'slipped', label: 'manager.slipped', hint: 'manager.slippedTitle', value: (f) => f.collisions.slipped },
  { id: 'duplicates', label: 'manager.duplicates', hint: 'manager.duplicatesTitle', value: (f) => f.collisions.duplicates },
  { id: 'unattributed', label: 'manager.unattributed', hint: 'manager.unattributedTitle', value: (f) => f.unattributedSends?.count ?? '—' },
];

/** The workspace's figures, today beside the last 7 days. */
export function TotalFigures({ today, week }: { today: SummaryReport; week: SummaryReport }) {
  return (
    <table className="figures" data-testid="figures">
      <thead>
        <tr>
          <th></th>
          <th>{t('manager.today')}</th>
          <th>{t('manager.week')}</th>
        </tr>
      </thead>
      <tbody>
        {ROWS.map((r) => (
          <tr key={r.id} data-testid={`figure-${r.id}`}>
            <th title={t(r.hint)}>{t(r.label)}</th>
            <td data-testid="today">{r.value(today.total)}</td>
            <td data-testid="week">{r.value(week.total)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** SLA adherence and response figures by queue, for the chosen period. */
export function QueueFigures({ report }: { report: SummaryReport }) {
  return (
    <table className="compact" data-testid="queue-figures">
      <thead>
        <tr>
          <th>{t('manager.queue')}</th>
          <th>{t('manager.slaMet')}</th>
          <th>{t('manager.breaches')}</th>
          <th>{t('manager.firstReplyShort')}</th>
          <th>{t('manager.replyTimeShort')}</th>
          <th>{t('manager.resolutionShort')}</th>
          <th>{t('manager.followUps')}</th>
          <th>{t('manager.unattributed')}</th>
        </tr>
      </thead>
      <tbody>
        {report.byQueue.map(({ queue, figures: f }) => (
          <tr key={queue} data-queue={queue}>
            <td>{queue}</td>
            <td>{slaMet(f)}</td>
            <td>{f.sla.breaches}</td>
            <td>{p50p90(f.firstResponse)}</td>
            <td>{p50p90(f.replyTime)}</td>
            <td>{p50p90(f.resolution)}</td>
            <td>{withPart(f.followUps.count, f.followUps.nudged, 'manager.nudged')}</td>
            <td>{f.unattributedSends?.count ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Each member's figures for the chosen period: what they answered, how fast, and what the guard saw of them. */
export function MemberFigures({ report }: { report: SummaryReport }) {
  return (
    <table className="compact" data-testid="member-figures">
      <thead>
        <tr>
          <th>{t('manager.member')}</th>
          <th title={t('manager.firstReplyTitle')}>{t('manager.firstReplyShort')}</th>
          <th title={t('manager.replyTimeTitle')}>{t('manager.replyTimeShort')}</th>
          <th title={t('manager.resolutionTitle')}>{t('manager.resolutionShort')}</th>
          <th>{t('manager.slaMet')}</th>
          <th>{t('manager.followUps')}</th>
          <th title={t('manager.reassignedTitle')}>{t('manager.reassignedHeader')}</th>
          <th title={t('manager.collisionsTitle')}>{t('manager.collisionsShort')}</th>
        </tr>
      </thead>
      <tbody>
        {report.byMember.map(({ memberId, name, figures: f }) => (
          <tr key={memberId} data-member={memberId}>
            <td>{name}</td>
            <td>{p50p90(f.firstResponse)}</td>
            <td>{p50p90(f.replyTime)}</td>
            <td>{p50p90(f.resolution)}</td>
            <td>{slaMet(f)}</td>
            <td>{withPart(f.followUps.count, f.followUps.nudged, 'manager.nudged')}</td>
            <td>{withPart(f.reassignments.count, f.reassignments.unnecessary, 'manager.reassigned')}</td>
            <td>
              {f.collisions.held} / {f.collisions.overrides} / {f.collisions.slipped}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
