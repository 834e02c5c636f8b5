/** A CSV cell: text, a number, or nothing (an empty cell). */
export type Cell = string | number | null;

// A spreadsheet runs a text cell starting with these as a formula; a chat title or member name must stay text.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field, RFC 4180: quoted (inner quotes doubled) when it holds a comma, quote or line break. */
export function csvField(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) throw new RangeError(`a CSV number must be finite, got ${cell}`);
    return String(cell);
  }
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A whole file: a header line, then one line per row, CRLF-terminated as RFC 4180 says. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  for (const row of rows) if (row.length !== header.length) throw new RangeError(`a row has ${row.length} cells for ${header.length} columns`);
  return [header, ...rows].map((r) => r.map(csvField).join(',') + '\r\n').join('');
}

/** Reads back what toCsv writes (quoted fields, doubled quotes, CRLF or LF): for checking an exported file. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') [field, i] = [field + '"', i + 1];
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') [row, field] = [[...row, field], ''];
    else if (ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) {
      if (ch === '\r') i++;
      rows.push([...row, field]);
      [row, field] = [[], ''];
    } else field += ch;
  }
  if (quoted) throw new SyntaxError('a quoted CSV field is not closed');
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}
