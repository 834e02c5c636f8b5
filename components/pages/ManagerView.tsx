import type { ManagerFigures, ManagerView as View } from '../../utils/inbox/types';
import { TrendChart, formatMs } from './TrendChart';
import { t, type MessageKey } from '../../utils/i18n/t';
import { formatPercent } from '../../utils/i18n/format';
import { availabilityName } from '../i18n/labels';

const COVERAGE: Record<'open' | 'unowned' | 'unattended' | 'warning' | 'breaching', MessageKey> = {
  open: 'manager.open', unowned: 'manager.unowned', unattended: 'manager.unattended', warning: 'manager.warning', breaching: 'manager.breaching',
};

const pct = (v: number | null) => (v === null ? '—' : formatPercent(v));

function Figures({ id, label, f }: { id: string; label: string; f: ManagerFigures }) {
  return (
    <tr data-testid={`figures-${id}`}>
      <th>{label}</th>
      <td title={t('manager.firstReplyTitle')}>{formatMs(f.firstResponse.p50Ms)} / {formatMs(f.firstResponse.p90Ms)}</td>
      <td>{pct(f.sla.adherence)}</td>
      <td>{t('manager.reassigned', { count: f.reassignments.count, unneeded: f.reassignments.unnecessary })}</td>
      <td>{f.collisions.held}</td>
      <td>{f.unattributedSends?.count ?? 0}</td>
    </tr>
  );
}

/** Coverage at a glance for managers (product spec section 6). */
export function ManagerView({ view }: { view: View }) {
  const total = view.coverage.total;
  return (
    <section aria-label={t('manager.label')} data-testid="manager-view">
      <h2>{t('manager.coverageNow')}</h2>
      <div className="cards">
        {([['open', total.open], ['unowned', total.unowned], ['unattended', total.unattended], ['warning', total.warning], ['breaching', total.breaching]] as const).map(([k, v]) => (
          <div key={k} className={`card ${k === 'breaching' && v ? 'bad' : ''}`} data-testid={`coverage-${k}`}><strong>{v}</strong><span>{t(COVERAGE[k])}</span></div>
        ))}
      </div>
      <table>
        <thead><tr><th>{t('manager.queue')}</th><th>{t('manager.open')}</th><th>{t('manager.unowned')}</th><th>{t('manager.unattended')}</th><th>{t('manager.warn')}</th><th>{t('manager.breach')}</th></tr></thead>
        <tbody>
          {Object.entries(view.coverage.byQueue).map(([q, c]) => (
            <tr key={q}><td>{q}</td><td>{c.open}</td><td>{c.unowned}</td><td>{c.unattended}</td><td>{c.warning}</td><td>{c.breaching}</td></tr>
          ))}
        </tbody>
      </table>
      <h2>{t('manager.team')}</h2>
      <table data-testid="member-load">
        <thead><tr><th>{t('manager.member')}</th><th>{t('manager.load')}</th><th>{t('manager.status')}</th><th>{t('manager.live')}</th></tr></thead>
        <tbody>
          {view.coverage.members.map((m) => (
            <tr key={m.id}>
              <td>{m.name}</td>
              <td>{m.load}/{m.capacity}</td>
              <td>{availabilityName(m.availability)}</td>
              <td title={m.connections.map((c) => c.browser ?? '').join('\n')}>{m.connections.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('manager.figures')}</h2>
      <table>
        <thead><tr><th></th><th>{t('manager.firstReply')}</th><th>{t('manager.slaMet')}</th><th>{t('manager.reassignedHeader')}</th><th>{t('manager.collisionsPrevented')}</th><th>{t('manager.unattributed')}</th></tr></thead>
        <tbody>
          <Figures id="today" label={t('manager.today')} f={view.today} />
          <Figures id="7-days" label={t('manager.week')} f={view.week} />
        </tbody>
      </table>
      <h2>{t('manager.trend')}</h2>
      <TrendChart days={view.trend} />
    </section>
  );
}
