import { afterEach, describe, expect, it } from 'vitest';
import { formatCountdown, formatDuration, formatPercent, formatTime } from '../../../utils/i18n/format';
import { setLocale } from '../../../utils/i18n/locale';

/** Intl separates numbers from units with no-break spaces. */
const plain = (s: string) => s.replace(/\s/g, ' ');

afterEach(() => setLocale('en'));

describe('Intl formats follow the language', () => {
  it('countdowns, durations and percentages', () => {
    expect([formatCountdown(12 * 60_000), formatCountdown(-5 * 60_000), formatCountdown(3 * 3_600_000)]).toEqual(['12m', '-5m', '3h']);
    setLocale('pt-BR');
    expect(plain(formatCountdown(12 * 60_000))).toBe('12 min');
    expect(plain(formatDuration(90 * 60_000))).toBe('1,5 h');
    setLocale('es');
    expect(plain(formatPercent(0.93))).toBe('93 %');
  });

  it('times: 24-hour clock in pt-BR, 12-hour in English', () => {
    const at = Date.UTC(2026, 11, 5, 15, 7);
    expect(plain(formatTime(at))).toMatch(/^\d{1,2}:07 (AM|PM)$/);
    setLocale('pt-BR');
    expect(formatTime(at)).toMatch(/^\d{2}:07$/);
  });
});
