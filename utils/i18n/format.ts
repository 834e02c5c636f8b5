import { currentLocale } from './locale';

/** Dates, times and durations in the current language, through Intl (never hand-built). */
export const formatDateTime = (ms: number) => new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'short', timeStyle: 'short' }).format(ms);
export const formatDate = (ms: number) => new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'short' }).format(ms);
export const formatTime = (ms: number) => new Intl.DateTimeFormat(currentLocale(), { timeStyle: 'short' }).format(ms);
export const formatPercent = (share: number) => new Intl.NumberFormat(currentLocale(), { style: 'percent', maximumFractionDigits: 0 }).format(share);

function unit(value: number, u: 'second' | 'minute' | 'hour' | 'day', display: 'narrow' | 'short', maxFraction = 0): string {
  return new Intl.NumberFormat(currentLocale(), { style: 'unit', unit: u, unitDisplay: display, maximumFractionDigits: maxFraction }).format(value);
}

/** A countdown as short as a badge needs: "12m", "3h", "2d"; negative once overdue. */
export function formatCountdown(ms: number): string {
  const abs = Math.abs(ms);
  const sign = ms < 0 ? -1 : 1;
  if (abs < 3_600_000) return unit(sign * Math.max(1, Math.round(abs / 60_000)), 'minute', 'narrow');
  if (abs < 86_400_000) return unit(sign * Math.round(abs / 3_600_000), 'hour', 'narrow');
  return unit(sign * Math.round(abs / 86_400_000), 'day', 'narrow');
}

/** A measured duration (reply times, waiting): seconds, minutes or hours with one decimal. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return unit(Math.round(ms / 1000), 'second', 'short');
  if (ms < 3_600_000) return unit(Math.round(ms / 60_000), 'minute', 'short');
  return unit(ms / 3_600_000, 'hour', 'short', 1);
}
