import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, parseCsv, toCsv } from '../../../utils/metrics/csv';

describe('CSV fields and files (RFC 4180)', () => {
  it.each([
    ['plain', 'Ana', 'Ana'],
    ['a comma', 'Pérez, Ana', '"Pérez, Ana"'],
    ['quotes', 'Ana "the closer"', '"Ana ""the closer"""'],
    ['a line break', 'two\nlines', '"two\nlines"'],
    ['a carriage return', 'a\r\nb', '"a\r\nb"'],
    ['a formula', '=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['a leading plus', '+34 600', "'+34 600"],
    ['a leading minus in text', '-Ana', "'-Ana"],
    ['a leading at sign', '@cmd', "'@cmd"],
    ['a leading tab', '\tx', "'\tx"],
    ['empty text', '', ''],
  ])('text with %s', (_what, cell, out) => {
    expect(csvField(cell)).toBe(out);
  });

  it('numbers as written by JavaScript (negative ones are numbers, not formulas); null is an empty cell', () => {
    expect([csvField(0), csvField(1800), csvField(0.75), csvField(-3), csvField(null)]).toEqual(['0', '1800', '0.75', '-3', '']);
    expect(() => csvField(Number.NaN)).toThrow(RangeError);
    expect(() => csvField(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('a file: header, rows, CRLF after every line; a row of the wrong width is refused', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x, y', 1],
          [null, 'z'],
        ],
      ),
    ).toBe('a,b\r\n"x, y",1\r\n,z\r\n');
    expect(() => toCsv(['a', 'b'], [['only one']])).toThrow(/1 cells for 2 columns/);
  });

  it('reads back quoted fields, doubled quotes, empty cells and LF files; refuses an unclosed quote', () => {
    expect(parseCsv('a,b,c\r\n"1,5","say ""hi""",\r\n')).toEqual([
      ['a', 'b', 'c'],
      ['1,5', 'say "hi"', ''],
    ]);
    expect(parseCsv('a,b\nx,"multi\nline"\n')).toEqual([
      ['a', 'b'],
      ['x', 'multi\nline'],
    ]);
    expect(() => parseCsv('a,"open')).toThrow(SyntaxError);
  });

  it('round-trips any text that does not start like a formula, and any finite number', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 30 }).filter((s) => !/^[=+\-@\t\r]/.test(s));
    const cell = fc.oneof(text, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(null));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 8 }), (rows) => {
        const back = parseCsv(toCsv(['a', 'b', 'c'], rows));
        expect(back[0]).toEqual(['a', 'b', 'c']);
        expect(back.slice(1)).toEqual(rows.map((r) => r.map((c) => (c === null ? '' : String(c)))));
      }),
      { numRuns: 300 },
    );
  });
});
