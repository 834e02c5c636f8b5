// A chat row's time label as a time. WhatsApp writes it in the page's language ("16:35", "4:35 PM", "ieri",
// "lunedì", "07/08/2026"); every word is matched against what Intl says for that locale, never against English.

const DAY_MS = 86_400_000;
const DIRECTION_MARKS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export interface LabelTime {
  /** Epoch ms: the minute for a time of day, the start of the day for a day name or a date. */
  at: number;
  precision: 'minute' | 'day';
}

const fold = (s: string) =>
  s
    .replace(DIRECTION_MARKS, '')
    .normalize('NFKC')
    .replace(/[\s.]+/g, '')
    .toLowerCase();

const startOfDay = (t: number) => new Date(t).setHours(0, 0, 0, 0);
const daysAgo = (now: number, n: number) => new Date(startOfDay(now)).setDate(new Date(now).getDate() - n);

/** Words for one locale, built once: its am/pm markers, "yesterday", weekday names and date part order. */
interface LocaleWords {
  am: string;
  pm: string;
  yesterday: string;
  weekdays: string[];
  dateOrder: Array<'day' | 'month' | 'year'>;
}
const cache = new Map<string, LocaleWords>();

function wordsFor(locale: string): LocaleWords {
  let w = cache.get(locale);
  if (w) return w;
  const period = (h: number) =>
    fold(
      new Intl.DateTimeFormat(locale, { hour: 'numeric', hour12: true }).formatToParts(new Date(2026, 0, 5, h)).find((p) => p.type === 'dayPeriod')?.value ??
        '',
    );
  const ref = new Date(2026, 10, 25);
  w = {
    am: period(9),
    pm: period(15),
    yesterday: fold(new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-1, 'day')),
    // 2026-01-04 was a Sunday: index i is getDay() === i.
    weekdays: Array.from({ length: 7 }, (_, i) => fold(new Intl.DateTimeFormat(locale, { weekday: 'long' }).format(new Date(2026, 0, 4 + i)))),
    dateOrder: new Intl.DateTimeFormat(locale)
      .formatToParts(ref)
      .filter((p) => p.type === 'day' || p.type === 'month' || p.type === 'year')
      .map((p) => p.type as 'day' | 'month' | 'year'),
  };
  cache.set(locale, w);
  return w;
}

function timeOfDay(label: string, now: number, words: LocaleWords, clampToNow = true): LabelTime | null {
  const m = /^(\d{1,2})[:.](\d{2})(.*)$/.exec(label.replace(DIRECTION_MARKS, '').trim());
  if (!m) return null;
  let h = Number(m[1]);
  const min = Number(m[2]);
  const suffix = fold(m[3]);
  if (suffix && suffix === words.pm && h < 12) h += 12;
  else if (suffix && suffix === words.am && h === 12) h = 0;
  else if (suffix && suffix !== words.am && suffix !== words.pm) return null;
  if (h > 23 || min > 59) return null;
  const at = new Date(now).setHours(h, min, 0, 0);
  // A time of day in the list is today's; a minute ahead of the clock is the two clocks disagreeing.
  return { at: clampToNow ? Math.min(at, Math.floor(now / 60_000) * 60_000) : at, precision: 'minute' };
}

function dayName(label: string, now: number, words: LocaleWords): LabelTime | null {
  const word = fold(label);
  if (word === words.yesterday) return { at: daysAgo(now, 1), precision: 'day' };
  for (let n = 2; n < 7; n++) {
    const day = new Date(daysAgo(now, n));
    if (word === words.weekdays[day.getDay()]) return { at: day.getTime(), precision: 'day' };
  }
  return null;
}

function calendarDate(label: string, now: number, words: LocaleWords): LabelTime | null {
  const m = /^(\d{1,4})\D(\d{1,2})\D(\d{1,4})$/.exec(label.replace(DIRECTION_MARKS, '').trim());
  if (!m || words.dateOrder.length !== 3) return null;
  const parts: Record<string, number> = {};
  words.dateOrder.forEach((type, i) => (parts[type] = Number(m[i + 1])));
  const year = parts.year < 100 ? 2000 + parts.year : parts.year;
  const at = new Date(year, parts.month - 1, parts.day).getTime();
  if (Number.isNaN(at) || new Date(at).getDate() !== parts.day || at > now + DAY_MS) return null;
  return { at, precision: 'day' };
}

/** The time a row's label stands for, or null when it cannot be read in this locale. */
export function resolveTimeLabel(label: string | null, now: number, locale: string): LabelTime | null {
  if (!label) return null;
  const words = wordsFor(locale);
  return timeOfDay(label, now, words) ?? dayName(label, now, words) ?? calendarDate(label, now, words);
}

/** The language WhatsApp renders in: its <html lang>, else the browser's. */
export function pageLocale(doc: Document): string {
  const lang = doc.documentElement.lang;
  try {
    return lang ? Intl.getCanonicalLocales(lang)[0] : navigator.language;
  } catch {
    return navigator.language;
  }
}

/** A text message's own time from its "[16:35, 25/11/2026] Ana: " prefix (the UI locale's formats), or null. */
export function messageTime(prePlainText: string | null, now: number, locale: string): number | null {
  const m = /^\[([^,\]]+),\s*([^\]]+)\]/.exec(prePlainText ?? '');
  if (!m) return null;
  const words = wordsFor(locale);
  const day = calendarDate(m[2], now, words);
  const time = day && timeOfDay(m[1], day.at, words, false);
  return time ? Math.min(time.at, now) : null;
}
