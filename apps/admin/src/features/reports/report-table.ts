import { NO_DATA } from './report-format';

/** One cell as shown; `numeric` aligns it right. */
export interface ReportCell {
  text: string;
  numeric: boolean;
}

/** The numbers under a chart: the table shows them, the CSV file holds exactly the same rows. */
export interface ReportTable {
  caption: string;
  columns: string[];
  rows: ReportCell[][];
  /** The whole range's figures, when the report gives them. */
  totals: ReportCell[] | null;
}

export const label = (text: string): ReportCell => ({ text, numeric: false });
export const figure = (text: string): ReportCell => ({ text, numeric: true });

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; lines end with CRLF. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The table as CSV: the header row, the period rows, then the totals row. */
export function tableToCsv(table: ReportTable): string {
  const lines = [table.columns, ...table.rows.map(texts), ...(table.totals === null ? [] : [texts(table.totals)])];
  return lines.map((line) => line.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function texts(cells: ReportCell[]): string[] {
  return cells.map((cell) => cell.text);
}

export function isMissing(cell: ReportCell): boolean {
  return cell.text === NO_DATA;
}

/** Saves the table as a file: a UTF-8 CSV with a byte order mark, so spreadsheets read "—" and accents right. */
export function downloadCsv(table: ReportTable, filename: string): void {
  const blob = new Blob(['\uFEFF', tableToCsv(table)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** `neodesk-conversations-2026-11-01_2026-11-30-day.csv`. */
export function csvFilename(name: string, from: string, to: string, groupBy: string): string {
  return `neodesk-${name}-${from}_${to}-${groupBy}.csv`;
}
