import type { AdapterHealth } from '../../utils/whatsapp/health';

/** Which WhatsApp hooks the adapter found on the last check, so a WhatsApp change is noticed the day it ships. */
export function AdapterHealthTable({ health }: { health: AdapterHealth | null }) {
  if (!health) return <p className="muted">No report yet: open WhatsApp Web in a tab.</p>;
  const missing = health.hooks.filter((h) => h.status === 'missing');
  return (
    <>
      <p className={missing.length ? 'bad' : 'ok'} data-testid="adapter-health-summary">
        {missing.length ? `${missing.length} hook(s) not found: ${missing.map((h) => h.name).join(', ')}` : 'Every hook was found'} · checked {new Date(health.checkedAt).toLocaleTimeString()}
      </p>
      <table>
        <thead><tr><th>Hook</th><th>Status</th><th>Matched by</th></tr></thead>
        <tbody>
          {health.hooks.map((h) => (
            <tr key={h.name}>
              <td>{h.name}</td>
              <td className={h.status === 'missing' ? 'bad' : h.status === 'found' ? 'ok' : 'muted'}>{h.status}</td>
              <td className="muted">{h.via ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
