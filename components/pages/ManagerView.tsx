import type { ManagerFigures, ManagerView as View } from '../../utils/inbox/types';
import { TrendChart, formatMs } from './TrendChart';

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)} %`);

function Figures({ label, f }: { label: string; f: ManagerFigures }) {
  return (
    <tr data-testid={`figures-${label.toLowerCase().replace(/\s+/g, '-')}`}>
      <th>{label}</th>
      <td title="first response p50 / p90">{formatMs(f.firstResponse.p50Ms)} / {formatMs(f.firstResponse.p90Ms)}</td>
      <td>{pct(f.sla.adherence)}</td>
      <td>{f.reassignments.count} ({f.reassignments.unnecessary} unneeded)</td>
      <td>{f.collisions.held}</td>
      <td>{f.unattributedSends?.count ?? 0}</td>
    </tr>
  );
}

/** Coverage at a glance for managers (product spec section 6). */
export function ManagerView({ view }: { view: View }) {
  const t = view.coverage.total;
  return (
    <section aria-label="Team coverage" data-testid="manager-view">
      <h2>Coverage now</h2>
      <div className="cards">
        {([['Open', t.open], ['Unowned', t.unowned], ['Unattended', t.unattended], ['Warning', t.warning], ['Breaching', t.breaching]] as const).map(([k, v]) => (
          <div key={k} className={`card ${k === 'Breaching' && v ? 'bad' : ''}`} data-testid={`coverage-${k.toLowerCase()}`}><strong>{v}</strong><span>{k}</span></div>
        ))}
      </div>
      <table>
        <thead><tr><th>Queue</th><th>Open</th><th>Unowned</th><th>Unattended</th><th>Warn</th><th>Breach</th></tr></thead>
        <tbody>
          {Object.entries(view.coverage.byQueue).map(([q, c]) => (
            <tr key={q}><td>{q}</td><td>{c.open}</td><td>{c.unowned}</td><td>{c.unattended}</td><td>{c.warning}</td><td>{c.breaching}</td></tr>
          ))}
        </tbody>
      </table>
      <h2>Team</h2>
      <table data-testid="member-load">
        <thead><tr><th>Member</th><th>Load</th><th>Status</th><th>Live</th></tr></thead>
        <tbody>
          {view.coverage.members.map((m) => (
            <tr key={m.id}>
              <td>{m.name}</td>
              <td>{m.load}/{m.capacity}</td>
              <td>{m.availability}</td>
              <td title={m.connections.map((c) => c.browser ?? '').join('\n')}>{m.connections.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Figures</h2>
      <table>
        <thead><tr><th></th><th>First reply p50/p90</th><th>SLA met</th><th>Reassigned</th><th>Collisions prevented</th><th>Unattributed</th></tr></thead>
        <tbody>
          <Figures label="Today" f={view.today} />
          <Figures label="7 days" f={view.week} />
        </tbody>
      </table>
      <h2>First reply, daily median (14 days)</h2>
      <TrendChart days={view.trend} />
    </section>
  );
}
