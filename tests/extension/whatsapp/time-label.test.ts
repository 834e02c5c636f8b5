import { describe, expect, it } from 'vitest';
import { messageTime, resolveTimeLabel } from '../../../utils/whatsapp/time-label';

// Wednesday 2026-11-25, 16:40 local time.
const NOW = new Date(2026, 10, 25, 16, 40, 30).getTime();
const at = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(y, mo - 1, d, h, mi).getTime();

describe('resolveTimeLabel', () => {
  it.each([
    ['it', '16:35', at(2026, 11, 25, 16, 35), 'minute'],
    ['en-US', '4:35\u202fPM', at(2026, 11, 25, 16, 35), 'minute'],
    ['en-US', '12:05 AM', at(2026, 11, 25, 0, 5), 'minute'],
    ['pt-BR', '09:07', at(2026, 11, 25, 9, 7), 'minute'],
    ['it', 'ieri', at(2026, 11, 24), 'day'],
    ['en-US', 'Yesterday', at(2026, 11, 24), 'day'],
    ['pt-BR', 'ontem', at(2026, 11, 24), 'day'],
    ['es', 'ayer', at(2026, 11, 24), 'day'],
    ['it', 'lunedì', at(2026, 11, 23), 'day'],
    ['pt-BR', 'sábado', at(2026, 11, 21), 'day'],
    ['en-US', 'Friday', at(2026, 11, 20), 'day'],
    ['it', '07/08/2026', at(2026, 8, 7), 'day'],
    ['en-US', '8/7/2026', at(2026, 8, 7), 'day'],
    ['es', '7/8/26', at(2026, 8, 7), 'day'],
  ])('%s "%s"', (locale, label, expected, precision) => {
    expect(resolveTimeLabel(label, NOW, locale)).toEqual({ at: expected, precision });
  });

  it('a time of day ahead of the clock is read as now (clock skew), never as the future', () => {
    expect(resolveTimeLabel('16:42', NOW, 'it')).toEqual({ at: at(2026, 11, 25, 16, 40), precision: 'minute' });
  });

  it.each([null, '', 'domani', '25:10', '31/02/2026', '4:35 XM', 'lunedì'])('%s is not a time in en-US', (label) => {
    expect(resolveTimeLabel(label, NOW, 'en-US')).toBeNull();
  });
});

describe('messageTime', () => {
  it.each([
    ['it', '[16:35, 25/11/2026] Ana Pérez: ', at(2026, 11, 25, 16, 35)],
    ['en-US', '[10:54\u202fAM, 11/24/2026] Alice: ', at(2026, 11, 24, 10, 54)],
    ['pt-BR', '[09:07, 01/11/2026] Bruno: ', at(2026, 11, 1, 9, 7)],
  ])('%s %s', (locale, prefix, expected) => {
    expect(messageTime(prefix, NOW, locale)).toBe(expected);
  });

  it('no prefix (a photo, a voice note) or an unreadable one gives null', () => {
    expect(messageTime(null, NOW, 'it')).toBeNull();
    expect(messageTime('[ieri] Ana: ', NOW, 'it')).toBeNull();
  });
});
