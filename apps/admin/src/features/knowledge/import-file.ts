import { MAX_KNOWLEDGE_IMPORT_ARTICLES, MAX_KNOWLEDGE_IMPORT_BYTES } from '@neodesk/contracts';
import type { ImportPayload } from './knowledge-api';

export type ImportMode = 'upsert' | 'create';

/** A chosen file's name and text. */
export interface ChosenFile {
  name: string;
  text: string;
}

/**
 * What the chosen files hold, counted before anything is sent: the service parses and checks them again
 * (CSV and Markdown are sent as they are, so its errors name their rows and documents).
 */
export interface ImportPlan {
  format: 'json' | 'csv' | 'markdown';
  count: number;
  /** The articles' titles, as far as the preview can tell. */
  titles: string[];
  /** Markdown: the files in the order they are sent, with the documents each holds. */
  files: Array<{ name: string; documents: number }>;
  payload(mode: ImportMode): ImportPayload;
}

export type ImportPlanResult = { ok: true; plan: ImportPlan } | { ok: false; error: string };

const FORMATS = { json: 'json', csv: 'csv', md: 'markdown', markdown: 'markdown' } as const;

export const IMPORT_ACCEPT = '.json,.csv,.md,.markdown,application/json,text/csv,text/markdown';

/** The file picker's first check, before reading: kinds mixed, too many files, too many bytes. */
export function checkChosen(files: ReadonlyArray<{ name: string; size: number }>): string | undefined {
  if (files.length === 0) {
    return 'Choose a file.';
  }
  const formats = new Set(files.map((file) => formatOf(file.name)));
  if (formats.has(undefined)) {
    return 'Choose a .json, .csv or .md file.';
  }
  if (formats.size > 1 || (files.length > 1 && !formats.has('markdown'))) {
    return 'Choose one JSON or CSV file, or one or more Markdown files.';
  }
  const bytes = files.reduce((sum, file) => sum + file.size, 0);
  if (bytes > MAX_KNOWLEDGE_IMPORT_BYTES) {
    return `The import is ${megabytes(bytes)}; at most ${megabytes(MAX_KNOWLEDGE_IMPORT_BYTES)} in one go.`;
  }
  return undefined;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function formatOf(name: string): ImportPlan['format'] | undefined {
  const extension = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  return Object.hasOwn(FORMATS, extension) ? FORMATS[extension as keyof typeof FORMATS] : undefined;
}

/** Reads the chosen files' text into a plan, or says why they cannot be imported. */
export function planImport(files: readonly ChosenFile[]): ImportPlanResult {
  const problem = checkChosen(files.map((file) => ({ name: file.name, size: new Blob([file.text]).size })));
  if (problem !== undefined) {
    return { ok: false, error: problem };
  }
  const result = planOf(files);
  if (result.ok && result.plan.count > MAX_KNOWLEDGE_IMPORT_ARTICLES) {
    return {
      ok: false,
      error: `${describeCount(result.plan.count)} in the import; at most ${MAX_KNOWLEDGE_IMPORT_ARTICLES} in one go.`,
    };
  }
  return result;
}

function planOf(files: readonly ChosenFile[]): ImportPlanResult {
  const format = formatOf(files[0].name);
  switch (format) {
    case 'json':
      return planJson(files[0]);
    case 'csv':
      return planCsv(files[0]);
    case 'markdown':
      return planMarkdown(files);
    case undefined:
      return { ok: false, error: 'Choose a .json, .csv or .md file.' };
  }
}

export function describeCount(count: number): string {
  return `${count} ${count === 1 ? 'article' : 'articles'}`;
}

function planJson(file: ChosenFile): ImportPlanResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(file.text.replace(/^\uFEFF/u, ''));
  } catch (error) {
    return { ok: false, error: `${file.name} is not valid JSON: ${(error as Error).message}` };
  }
  // An array of articles, or the import request itself ({ articles, mode }).
  const articles: unknown = Array.isArray(parsed) ? parsed : (parsed as { articles?: unknown } | null)?.articles;
  if (!Array.isArray(articles) || articles.length === 0) {
    return {
      ok: false,
      error: `${file.name} holds no articles: give an array of { "title", "body", "tags", "status" } objects.`,
    };
  }
  const titles = articles.map((article: unknown) => {
    const title = (article as { title?: unknown } | null)?.title;
    return typeof title === 'string' ? title.trim() : '';
  });
  return {
    ok: true,
    plan: {
      format: 'json',
      count: articles.length,
      titles,
      files: [{ name: file.name, documents: articles.length }],
      payload: (mode) => ({ kind: 'json', request: { articles: articles as never[], mode } }),
    },
  };
}

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks); blank lines are no record. */
export function csvRecords(text: string): string[][] | { error: string } {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let inQuotes = false;
  const source = text.replace(/^\uFEFF/u, '');
  const end = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '' && !quoted)) {
      records.push(fields);
    }
    fields = [];
    field = '';
    quoted = false;
  };
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (inQuotes) {
      if (char === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        inQuotes = false;
      } else {
        field += char;
      }
    } else if (char === '"' && field === '' && !quoted) {
      inQuotes = true;
      quoted = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
      quoted = false;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[i + 1] === '\n') {
        i++;
      }
      end();
    } else {
      field += char;
    }
  }
  if (inQuotes) {
    return { error: 'a quoted field is never closed' };
  }
  if (field !== '' || fields.length > 0 || quoted) {
    end();
  }
  return records;
}

function planCsv(file: ChosenFile): ImportPlanResult {
  const records = csvRecords(file.text);
  if (!Array.isArray(records)) {
    return { ok: false, error: `${file.name} cannot be read as CSV: ${records.error}.` };
  }
  const [header = [], ...rows] = records;
  const titleColumn = header.findIndex((name) => name.trim().toLowerCase() === 'title');
  if (titleColumn < 0 || rows.length === 0) {
    return {
      ok: false,
      error: `${file.name} needs a header row title,body[,tags][,status] and one row per article.`,
    };
  }
  return {
    ok: true,
    plan: {
      format: 'csv',
      count: rows.length,
      titles: rows.map((row) => (row[titleColumn] ?? '').trim()),
      files: [{ name: file.name, documents: rows.length }],
      payload: (mode) => ({ kind: 'text', contentType: 'text/csv', text: file.text, mode }),
    },
  };
}

const FENCE = /^\s{0,3}(```+|~~~+)/u;

/** The documents of a Markdown file as the service splits them: at `---` lines outside code fences. */
export function markdownDocuments(text: string): string[][] {
  const documents: string[][] = [[]];
  let fence: string | null = null;
  for (const line of text.replace(/^\uFEFF/u, '').split(/\r\n?|\n/u)) {
    const mark = FENCE.exec(line);
    if (mark !== null) {
      fence = fence === null ? mark[1] : line.trim().startsWith(fence) ? null : fence;
    }
    if (fence === null && /^---\s*$/u.test(line)) {
      documents.push([]);
    } else {
      documents[documents.length - 1].push(line);
    }
  }
  return documents.filter((lines) => lines.some((line) => line.trim() !== ''));
}

function markdownTitle(lines: readonly string[]): string {
  let fence: string | null = null;
  for (const line of lines) {
    const mark = FENCE.exec(line);
    if (mark !== null) {
      fence = fence === null ? mark[1] : line.trim().startsWith(fence) ? null : fence;
    } else if (fence === null && /^\s{0,3}#\s+\S/u.test(line)) {
      return line
        .replace(/^\s{0,3}#\s+/u, '')
        .replace(/\s+#+\s*$/u, '')
        .trim();
    }
  }
  return '';
}

function planMarkdown(files: readonly ChosenFile[]): ImportPlanResult {
  const perFile = files.map((file) => ({ file, documents: markdownDocuments(file.text) }));
  const empty = perFile.find((entry) => entry.documents.length === 0);
  if (empty !== undefined) {
    return { ok: false, error: `${empty.file.name} is empty.` };
  }
  const documents = perFile.flatMap((entry) => entry.documents);
  return {
    ok: true,
    plan: {
      format: 'markdown',
      count: documents.length,
      titles: documents.map(markdownTitle),
      files: perFile.map((entry) => ({ name: entry.file.name, documents: entry.documents.length })),
      // Several files go as one bundle, a `---` line between them, as the service reads a bundle.
      payload: (mode) => ({
        kind: 'text',
        contentType: 'text/markdown',
        text: files.map((file) => file.text.replace(/^\uFEFF/u, '').trimEnd()).join('\n\n---\n\n'),
        mode,
      }),
    },
  };
}

/**
 * An import error's place in words: `row 3.title` -> "Row 3, title"; `body.articles.1.body` -> "Article 2,
 * body"; `document 3.body` -> "Document 3 (returns.md), body" when several Markdown files were sent.
 */
export function importErrorPlace(field: string, plan: ImportPlan | undefined): string {
  const article = /^body\.articles\.(\d+)\.?(.*)$/u.exec(field);
  if (article !== null) {
    return joinPlace(`Article ${Number(article[1]) + 1}`, article[2]);
  }
  const located = /^(row|document) (\d+)\.?(.*)$/u.exec(field);
  if (located !== null) {
    const [, kind, number, rest] = located;
    let where = `${kind === 'row' ? 'Row' : 'Document'} ${number}`;
    if (kind === 'document' && plan !== undefined && plan.files.length > 1) {
      where += ` (${fileOfDocument(plan, Number(number))})`;
    }
    return joinPlace(where, rest);
  }
  return field.replace(/^(body|csv|markdown)\.?/u, '');
}

function joinPlace(where: string, rest: string): string {
  return rest === '' ? where : `${where}, ${rest.replace(/\./gu, ' ')}`;
}

function fileOfDocument(plan: ImportPlan, number: number): string {
  let last = 0;
  for (const file of plan.files) {
    last += file.documents;
    if (number <= last) {
      return file.name;
    }
  }
  return plan.files[plan.files.length - 1].name;
}
