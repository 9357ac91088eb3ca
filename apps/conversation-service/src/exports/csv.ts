/** A value of one CSV cell; null is an empty cell. */
export type CsvValue = string | number | null;

// Spreadsheets run a cell starting with one of these as a formula (CSV injection, OWASP).
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One cell of RFC 4180 CSV: quoted when it holds a quote, comma or line break (quotes doubled), and a text
 * a spreadsheet would take as a formula is prefixed with `'` so it is shown, not run.
 */
export function csvCell(value: CsvValue): string {
  if (value === null) {
    return '';
  }
  if (typeof value === 'number') {
    return String(value);
  }
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF-terminated as RFC 4180 has it. */
export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
