import { HttpRequestError, HttpRequestErrorCode } from '../common/http-request.error';
import { inline } from './knowledge-chunker';
import { KnowledgeError, KnowledgeErrorCode } from './knowledge.error';

/** An import as received: the text of a JSON body, or of a CSV or Markdown file (their mode from `?mode=`). */
export interface KnowledgeImportFile {
  format: 'json' | 'csv' | 'markdown';
  text: string;
  mode: 'upsert' | 'create' | undefined;
}

/** The request the file amounts to (validated afterwards), and how to name its articles in errors. */
export interface ParsedImport {
  request: unknown;
  /** Prefix of errors outside any article: `body`, `csv`, `markdown`. */
  location: string;
  /** `body.articles.2`, `row 4` (the header is row 1), `document 3`. */
  labelOf(index: number): string;
}

const CSV_COLUMNS = ['title', 'body', 'tags', 'status'] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];

export function parseImportFile(file: KnowledgeImportFile): ParsedImport {
  switch (file.format) {
    case 'json':
      return { request: parseJson(file.text), location: 'body', labelOf: (index) => `body.articles.${index}` };
    case 'csv': {
      const { articles, rows } = parseCsvArticles(file.text);
      return { request: withMode(articles, file.mode), location: 'csv', labelOf: (index) => `row ${rows[index]}` };
    }
    case 'markdown': {
      const articles = parseMarkdownArticles(file.text);
      return {
        request: withMode(articles, file.mode),
        location: 'markdown',
        labelOf: (index) => `document ${index + 1}`,
      };
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpRequestError(HttpRequestErrorCode.MalformedJson, 'The body is not well-formed JSON');
  }
}

function withMode(articles: unknown[], mode: 'upsert' | 'create' | undefined): unknown {
  return mode === undefined ? { articles } : { articles, mode };
}

function unreadable(message: string): KnowledgeError {
  return new KnowledgeError(KnowledgeErrorCode.ImportUnreadable, message);
}

/** RFC 4180 records; each with the 1-based line it starts on. Quoted fields may hold commas, quotes and newlines. */
export function parseCsv(text: string): Array<{ line: number; fields: string[] }> {
  const records: Array<{ line: number; fields: string[] }> = [];
  const source = text.replace(/^\uFEFF/, '');
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let quotedField = false;
  const endRecord = (): void => {
    fields.push(field);
    // A blank line is no record.
    if (!(fields.length === 1 && fields[0] === '' && !quotedField)) {
      records.push({ line: recordLine, fields });
    }
    fields = [];
    field = '';
    quotedField = false;
  };
  while (i < source.length) {
    const char = source[i];
    if (char === '"' && field === '' && !quotedField) {
      // A quoted field: up to the closing quote, "" standing for one quote.
      const openedOn = line;
      quotedField = true;
      i++;
      for (;;) {
        if (i >= source.length) {
          throw unreadable(`CSV line ${openedOn}: a quoted field is never closed`);
        }
        if (source[i] === '"') {
          if (source[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (source[i] === '\n') {
          line++;
        }
        field += source[i];
        i++;
      }
      if (i < source.length && source[i] !== ',' && source[i] !== '\n' && source[i] !== '\r') {
        throw unreadable(`CSV line ${line}: text after a closing quote (write a quote inside a field as "")`);
      }
      continue;
    }
    if (char === ',') {
      fields.push(field);
      field = '';
      quotedField = false;
      i++;
      continue;
    }
    if (char === '\r' || char === '\n') {
      endRecord();
      i += char === '\r' && source[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    field += char;
    i++;
  }
  if (field !== '' || fields.length > 0 || quotedField) {
    endRecord();
  }
  return records;
}

/** Articles of a CSV file with a header row `title,body[,tags][,status]`; tags separated by `;` or `|`. */
export function parseCsvArticles(text: string): { articles: Array<Record<string, unknown>>; rows: number[] } {
  const records = parseCsv(text);
  if (records.length === 0) {
    throw unreadable('The CSV file is empty: give a header row title,body[,tags][,status] and one row per article');
  }
  const header = records[0].fields.map((name) => name.trim().toLowerCase());
  const columns = new Map<CsvColumn, number>();
  for (const [position, name] of header.entries()) {
    if (!(CSV_COLUMNS as readonly string[]).includes(name)) {
      throw unreadable(
        `CSV header: unknown column "${name}" (column ${position + 1}); the columns are title, body, tags and status`,
      );
    }
    if (columns.has(name as CsvColumn)) {
      throw unreadable(`CSV header: the column "${name}" appears twice`);
    }
    columns.set(name as CsvColumn, position);
  }
  if (!columns.has('title') || !columns.has('body')) {
    throw unreadable('CSV header: the first row must name the columns, with at least title and body');
  }
  const dataRecords = records.slice(1);
  if (dataRecords.length === 0) {
    throw unreadable('The CSV file has a header but no article rows');
  }
  const articles: Array<Record<string, unknown>> = [];
  const rows: number[] = [];
  for (const [index, record] of dataRecords.entries()) {
    const row = index + 2;
    if (record.fields.length !== header.length) {
      throw unreadable(
        `CSV row ${row} (line ${record.line}): ${record.fields.length} fields where the header has ${header.length}`,
      );
    }
    const value = (column: CsvColumn): string | undefined => {
      const position = columns.get(column);
      return position === undefined ? undefined : record.fields[position];
    };
    const article: Record<string, unknown> = { title: value('title'), body: value('body') };
    const tags = value('tags');
    if (tags !== undefined) {
      article.tags = tags
        .split(/[;|]/)
        .map((tag) => tag.trim())
        .filter((tag) => tag !== '');
    }
    const status = value('status')?.trim().toLowerCase();
    if (status !== undefined && status !== '') {
      article.status = status;
    }
    articles.push(article);
    rows.push(row);
  }
  return { articles, rows };
}

/**
 * Articles of a Markdown bundle: documents separated by a line `---`, each titled by its first `# ` heading
 * (the heading is not kept in the body).
 */
export function parseMarkdownArticles(text: string): Array<Record<string, unknown>> {
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  const documents: Array<{ line: number; lines: string[] }> = [];
  let current = { line: 1, lines: [] as string[] };
  let fence: string | null = null;
  for (const [i, line] of lines.entries()) {
    const fenceMark = /^\s{0,3}(```+|~~~+)/.exec(line);
    if (fenceMark !== null) {
      fence = fence === null ? fenceMark[1] : line.trim().startsWith(fence) ? null : fence;
    }
    if (fence === null && /^---\s*$/.test(line)) {
      documents.push(current);
      current = { line: i + 2, lines: [] };
      continue;
    }
    current.lines.push(line);
  }
  documents.push(current);
  const nonEmpty = documents.filter((document) => document.lines.some((line) => line.trim() !== ''));
  if (nonEmpty.length === 0) {
    throw unreadable('The Markdown file is empty: give one or more documents, each starting with a "# " title');
  }
  return nonEmpty.map((document, index) => {
    let inFence: string | null = null;
    const titleAt = document.lines.findIndex((line) => {
      const fenceMark = /^\s{0,3}(```+|~~~+)/.exec(line);
      if (fenceMark !== null) {
        inFence = inFence === null ? fenceMark[1] : line.trim().startsWith(inFence) ? null : inFence;
        return false;
      }
      return inFence === null && /^\s{0,3}#\s+\S/.test(line);
    });
    if (titleAt < 0) {
      throw unreadable(
        `Markdown document ${index + 1} (from line ${document.line}) has no "# " title heading; start each document with one`,
      );
    }
    const title = inline(document.lines[titleAt].replace(/^\s{0,3}#\s+/, '').replace(/\s+#+\s*$/, ''));
    const body = [...document.lines.slice(0, titleAt), ...document.lines.slice(titleAt + 1)].join('\n').trim();
    return { title, body };
  });
}
