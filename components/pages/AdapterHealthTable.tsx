import type { AdapterHealth } from '../../utils/whatsapp/health';
import { t, type MessageKey } from '../../utils/i18n/t';
import { formatTime } from '../../utils/i18n/format';

const HOOK_STATUS: Record<string, MessageKey> = { found: 'health.found', missing: 'health.notFound', 'not-applicable': 'health.notApplicable' };
const hookStatus = (s: string) => (HOOK_STATUS[s] ? t(HOOK_STATUS[s]) : s);

/** Which WhatsApp hooks the adapter found on the last check, so a WhatsApp change is noticed the day it ships. */
export function AdapterHealthTable({ health }: { health: AdapterHealth | null }) {
  if (!health) return <p className="muted">{t('health.noReport')}</p>;
  const missing = health.hooks.filter((h) => h.status === 'missing');
  return (
    <>
      <p className={missing.length ? 'bad' : 'ok'} data-testid="adapter-health-summary">
        {missing.length ? t('health.missing', { count: missing.length, hooks: missing.map((h) => h.name).join(', ') }) : t('health.allFound')} ·{' '}
        {t('health.checked', { time: formatTime(new Date(health.checkedAt).getTime()) })}
      </p>
      <table>
        <thead>
          <tr>
            <th>{t('health.hook')}</th>
            <th>{t('health.status')}</th>
            <th>{t('health.matchedBy')}</th>
          </tr>
        </thead>
        <tbody>
          {health.hooks.map((h) => (
            <tr key={h.name}>
              <td>{h.name}</td>
              <td className={h.status === 'missing' ? 'bad' : h.status === 'found' ? 'ok' : 'muted'}>{hookStatus(h.status)}</td>
              <td className="muted">{h.via ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
