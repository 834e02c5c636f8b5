import { useState } from 'react';
import type { TrendDay } from '../../utils/metrics/manager-view';
import { t } from '../../utils/i18n/t';
import { formatDuration } from '../../utils/i18n/format';
import { currentLocale } from '../../utils/i18n/locale';
import { durationTicks, labelledDays } from './chart-scale';

const DAY = 86_400_000;
/** A figure's duration: days past two days (a resolution can take weeks), else as formatDuration reads it. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 2 * DAY) return formatDuration(ms);
  return new Intl.NumberFormat(currentLocale(), { style: 'unit', unit: 'day', unitDisplay: 'short', maximumFractionDigits: 1 }).format(ms / DAY);
}

const W = 372;
const H = 200;
const PAD = { left: 60, right: 10, top: 12, bottom: 34 };
const PLOT_W = W - PAD.left - PAD.right;
const PLOT_H = H - PAD.top - PAD.bottom;
/** The tooltip's width (page.css): it sits beside the day's line, on whichever side has room. */
const TIP_W = 170;
// The calendar day of the bucket as the server named it (YYYY-MM-DD in the chosen zone), never shifted by ours.
const dayLabel = (day: string, style: 'short' | 'long') =>
  new Intl.DateTimeFormat(
    currentLocale(),
    style === 'short' ? { day: 'numeric', month: 'short', timeZone: 'UTC' } : { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' },
  ).format(Date.parse(`${day}T00:00:00Z`));

function line(days: TrendDay[], pick: (d: TrendDay) => number | null, x: (i: number) => number, y: (v: number) => number): string[] {
  // A day without first replies breaks the line rather than drawing a slope through it.
  const runs: string[][] = [[]];
  days.forEach((d, i) => {
    const v = pick(d);
    if (v === null) runs.push([]);
    else runs[runs.length - 1]!.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
  });
  return runs.filter((r) => r.length > 0).map((r) => r.join(' '));
}

/** The daily first-response p50 and p90 with labelled axes and a tooltip per day (hover or keyboard focus). */
export function TrendChart({ days }: { days: TrendDay[] }) {
  const [active, setActive] = useState<number | null>(null);
  const ticks = durationTicks(Math.max(0, ...days.flatMap((d) => [d.p50Ms ?? 0, d.p90Ms ?? 0])));
  const top = ticks.at(-1)!;
  const slot = PLOT_W / Math.max(1, days.length);
  const x = (i: number) => PAD.left + slot * (i + 0.5);
  const y = (v: number) => PAD.top + PLOT_H - (v / top) * PLOT_H;
  const shown = active === null ? null : days[active];
  return (
    <div className="trend" data-testid="trend-chart" data-days={days.length} onMouseLeave={() => setActive(null)}>
      <svg width={W} height={H} role="img" aria-label={t('manager.trendLabel', { count: days.length })}>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className={v === 0 ? 'axis' : 'grid'} />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" className="tick">
              {v === 0 ? '0' : formatMs(v)}
            </text>
          </g>
        ))}
        <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={PAD.top + PLOT_H} className="axis" />
        {labelledDays(days.length).map((i) => (
          <text key={days[i]!.day} x={x(i)} y={H - PAD.bottom + 16} textAnchor="middle" className="tick" data-testid="trend-x-label">
            {dayLabel(days[i]!.day, 'short')}
          </text>
        ))}
        <text x={10} y={PAD.top + PLOT_H / 2} transform={`rotate(-90 10 ${PAD.top + PLOT_H / 2})`} textAnchor="middle" className="axis-title">
          {t('manager.trendAxisY')}
        </text>
        {line(days, (d) => d.p90Ms, x, y).map((pts) => (
          <polyline key={`p90 ${pts}`} points={pts} className="p90" />
        ))}
        {line(days, (d) => d.p50Ms, x, y).map((pts) => (
          <polyline key={`p50 ${pts}`} points={pts} className="p50" />
        ))}
        {days.map((d, i) => d.p90Ms !== null && <circle key={d.day} cx={x(i)} cy={y(d.p90Ms)} r={2.5} className="p90-dot" />)}
        {days.map((d, i) => d.p50Ms !== null && <circle key={d.day} cx={x(i)} cy={y(d.p50Ms)} r={active === i ? 4 : 3} className="p50-dot" />)}
        {shown && <line x1={x(active!)} x2={x(active!)} y1={PAD.top} y2={PAD.top + PLOT_H} className="cursor" />}
        {days.map((d, i) => (
          <rect
            key={d.day}
            x={PAD.left + slot * i}
            y={PAD.top}
            width={slot}
            height={PLOT_H}
            className="hit"
            tabIndex={0}
            data-testid="trend-day"
            aria-label={dayLabel(d.day, 'long')}
            onMouseEnter={() => setActive(i)}
            onFocus={() => setActive(i)}
            onBlur={() => setActive(null)}
          />
        ))}
      </svg>
      <div className="legend">
        <span className="key p50">{t('manager.p50')}</span>
        <span className="key p90">{t('manager.p90')}</span>
      </div>
      {shown && (
        <div
          role="tooltip"
          className="chart-tip"
          data-testid="trend-tooltip"
          style={{ left: x(active!) + 8 + TIP_W <= W ? x(active!) + 8 : x(active!) - 8 - TIP_W, top: PAD.top }}
        >
          <strong>{dayLabel(shown.day, 'long')}</strong>
          {shown.count === 0 ? (
            <span>{t('manager.trendNone')}</span>
          ) : (
            <>
              <span>
                {t('manager.trendP50', { time: formatMs(shown.p50Ms) })} · {t('manager.trendP90', { time: formatMs(shown.p90Ms) })}
              </span>
              <span>{t('manager.trendCount', { count: shown.count })}</span>
            </>
          )}
        </div>
      )}
    </div>
  );
}
