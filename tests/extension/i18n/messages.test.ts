import { afterEach, describe, expect, it } from 'vitest';
import { LOCALES, browserLocale, matchLocale, setLocale } from '../../../utils/i18n/locale';
import { MESSAGE_FILES, flattenKeys, isPlural, lookup } from '../../../utils/i18n/messages';
import { t } from '../../../utils/i18n/t';

const placeholders = (v: string | { [k: string]: string }) =>
  [...new Set((typeof v === 'string' ? [v] : Object.values(v)).flatMap((s) => s.match(/\{\w+\}/g) ?? []))].sort();

afterEach(() => setLocale('en'));

describe('message files', () => {
  const english = flattenKeys(MESSAGE_FILES.en).sort();

  it.each(LOCALES.filter((l) => l !== 'en'))('%s has exactly the English keys, none empty, with the same placeholders and plural shape', (locale) => {
    const file = MESSAGE_FILES[locale];
    expect(flattenKeys(file).sort()).toEqual(english);
    for (const key of english) {
      const mine = lookup(file, key)!;
      const en = lookup(MESSAGE_FILES.en, key)!;
      expect(isPlural(mine), key).toBe(isPlural(en));
      expect(placeholders(mine), key).toEqual(placeholders(en));
      for (const text of typeof mine === 'string' ? [mine] : Object.values(mine)) expect(text.trim(), key).not.toBe('');
    }
  });

  it('every key is a name Chrome accepts once: letters, digits and _ once dots become _, unique whatever the case', () => {
    const chromeNames = english.map((k) => k.replaceAll('.', '_'));
    for (const name of chromeNames) expect(name).toMatch(/^[A-Za-z0-9_]+$/);
    expect(new Set(chromeNames.map((n) => n.toLowerCase())).size).toBe(chromeNames.length);
  });

  it('holds no text the browser would read as a substitution ($1) or a broken placeholder', () => {
    for (const locale of LOCALES) {
      for (const key of english) {
        const v = lookup(MESSAGE_FILES[locale], key)!;
        for (const text of typeof v === 'string' ? [v] : Object.values(v)) {
          expect(text, `${locale} ${key}`).not.toMatch(/\$/);
          expect(text.replace(/\{\w+\}/g, ''), `${locale} ${key}`).not.toMatch(/[{}]/);
        }
      }
    }
  });
});

describe('t()', () => {
  it('speaks the current language and fills placeholders', () => {
    expect(t('header.claim')).toBe('Claim');
    setLocale('pt-BR');
    expect(t('header.claim')).toBe('Assumir');
    expect(t('guard.owned', { owner: 'Ana' })).toBe('Ana é responsável por esta conversa.');
    setLocale('es');
    expect(t('header.release')).toBe('Liberar');
  });

  it('picks the plural form by count', () => {
    expect(t('health.missing', { count: 1, hooks: 'composer' })).toBe('1 hook not found: composer');
    expect(t('health.missing', { count: 3, hooks: 'a, b, c' })).toBe('3 hooks not found: a, b, c');
  });

  it('leaves a placeholder it was given no value for visible rather than inventing one', () => {
    expect(t('badge.ownedBy')).toBe('Owned by {name}');
  });
});

describe('the browser language', () => {
  it('maps any Portuguese to pt-BR and any Spanish to es; everything else falls back to English', () => {
    expect(matchLocale('pt-BR')).toBe('pt-BR');
    expect(matchLocale('pt_PT')).toBe('pt-BR');
    expect(matchLocale('es-419')).toBe('es');
    expect(matchLocale('it-IT')).toBeNull();
    expect(browserLocale('it-IT', ['it-IT', 'it'])).toBe('en');
    expect(browserLocale('it-IT', ['it', 'es-MX'])).toBe('es');
    expect(browserLocale('pt-BR', ['en-US'])).toBe('pt-BR');
    expect(browserLocale(null, [])).toBe('en');
  });
});
