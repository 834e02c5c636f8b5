import { t } from '../../utils/i18n/t';
import { formatDate, formatDuration } from '../../utils/i18n/format';

/** A small inline chart of the daily first-response p50 (no chart library needed for one line). */
export function TrendChart({ days }: { days: Array<{ from: number; p50Ms: number | null }> }) {
  const W = 320;
  const H = 60;
  const values = days.map((d) => d.p50Ms);
  const max = Math.max(1, ...values.filter((v): v is number => v !== null));
  const x = (i: number) => (days.length < 2 ? W / 2 : (i * (W - 8)) / (days.length - 1) + 4);
  const y = (v: number) => H - 6 - (v / max) * (H - 14);
  const points = values.map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`)).filter(Boolean);
  return (
    <svg width={W} height={H} role="img" aria-label={t('manager.trendLabel')} data-testid="trend-chart">
      <line x1="0" y1={H - 6} x2={W} y2={H - 6} stroke="#d0d7de" />
      {points.length > 1 && <polyline fill="none" stroke="#0b7a75" strokeWidth="2" points={points.join(' ')} />}
      {values.map((v, i) => v !== null && <circle key={days[i].from} cx={x(i)} cy={y(v)} r="2.5" fill="#0b7a75"><title>{`${formatDate(days[i].from)}: ${formatMs(v)}`}</title></circle>)}
    </svg>
  );
}

export function formatMs(ms: number | null): string {
  return ms === null ? '—' : formatDuration(ms);
}
