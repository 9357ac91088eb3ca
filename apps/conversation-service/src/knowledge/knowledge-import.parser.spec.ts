import { HttpRequestError } from '../common/http-request.error';
import { KnowledgeError, KnowledgeErrorCode } from './knowledge.error';
import { parseCsv, parseCsvArticles, parseImportFile, parseMarkdownArticles } from './knowledge-import.parser';

function unreadableMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(KnowledgeError);
    expect((error as KnowledgeError).code).toBe(KnowledgeErrorCode.ImportUnreadable);
    return (error as Error).message;
  }
  throw new Error('expected the file to be refused');
}

describe(parseCsv.name, () => {
  it('should read RFC 4180 fields: quotes, doubled quotes, commas and line breaks inside quotes, CRLF', () => {
    const sut = parseCsv('\uFEFFa,b,c\r\n"x, y","say ""hi""","two\r\nlines"\r\n\r\nplain,,"",\n');
    expect(sut).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', 'two\r\nlines'] },
      { line: 5, fields: ['plain', '', '', ''] },
    ]);
  });

  it('should read a last record without a line break, and keep a stray quote inside an unquoted field', () => {
    expect(parseCsv('a,b\n5" screen,"x"')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['5" screen', 'x'] },
    ]);
  });

  it('should name the line of an unclosed quote or of text after a closing quote', () => {
    expect(unreadableMessage(() => parseCsv('a,b\n1,"open\nstill open'))).toContain('CSV line 2');
    expect(unreadableMessage(() => parseCsv('a,b\n"x"y,z'))).toContain('CSV line 2');
  });
});

describe(parseCsvArticles.name, () => {
  it('should map the header columns in any order and case, split tags on ; or |, and default an empty status', () => {
    const sut = parseCsvArticles('Status, TAGS ,body,title\ndraft,a; b|c ;,Body one,One\n,,Body two,Two\n');
    expect(sut).toEqual({
      articles: [
        { title: 'One', body: 'Body one', tags: ['a', 'b', 'c'], status: 'draft' },
        { title: 'Two', body: 'Body two', tags: [] },
      ],
      rows: [2, 3],
    });
  });

  it('should number rows as a spreadsheet does, a record with line breaks counting once', () => {
    expect(parseCsvArticles('title,body\nA,"x\ny"\nB,z\n').rows).toEqual([2, 3]);
  });

  it('should refuse a file without the title and body columns, unknown or repeated columns, ragged rows', () => {
    expect(unreadableMessage(() => parseCsvArticles(''))).toContain('empty');
    expect(unreadableMessage(() => parseCsvArticles('title\nA\n'))).toContain('at least title and body');
    expect(unreadableMessage(() => parseCsvArticles('title,body,author\n'))).toContain('unknown column "author"');
    expect(unreadableMessage(() => parseCsvArticles('title,body,title\n'))).toContain('"title" appears twice');
    expect(unreadableMessage(() => parseCsvArticles('title,body\n'))).toContain('no article rows');
    expect(unreadableMessage(() => parseCsvArticles('title,body\nA,b\nB\n'))).toContain('CSV row 3 (line 3)');
  });
});

describe(parseMarkdownArticles.name, () => {
  it('should split documents on --- lines, title each by its first # heading, and keep the rest as the body', () => {
    const sut = parseMarkdownArticles(
      'Intro line\n# **Returns** #\n\n30 days.\n---\n\n# Hours\n\n## Weekdays\n\n9 to 5.\n\n```md\n# not a title\n---\n```\n---   \n',
    );
    expect(sut).toEqual([
      { title: 'Returns', body: 'Intro line\n\n30 days.' },
      { title: 'Hours', body: '## Weekdays\n\n9 to 5.\n\n```md\n# not a title\n---\n```' },
    ]);
  });

  it('should name the document without a title and where it starts', () => {
    expect(unreadableMessage(() => parseMarkdownArticles('# A\n\nx\n---\n## Only a subheading\n'))).toContain(
      'document 2 (from line 5)',
    );
    expect(unreadableMessage(() => parseMarkdownArticles('\n---\n  \n'))).toContain('empty');
  });
});

describe(parseImportFile.name, () => {
  it('should label articles by where they are in the file', () => {
    const csv = parseImportFile({ format: 'csv', text: 'title,body\nA,b\n\nB,c\n', mode: 'create' });
    expect(csv.request).toEqual({
      articles: [
        { title: 'A', body: 'b' },
        { title: 'B', body: 'c' },
      ],
      mode: 'create',
    });
    expect(csv.labelOf(1)).toBe('row 3');
    const markdown = parseImportFile({ format: 'markdown', text: '# A\n\nb', mode: undefined });
    expect(markdown.request).toEqual({ articles: [{ title: 'A', body: 'b' }] });
    expect(markdown.labelOf(0)).toBe('document 1');
    expect(parseImportFile({ format: 'json', text: '{"articles":[]}', mode: 'upsert' }).labelOf(4)).toBe(
      'body.articles.4',
    );
  });

  it('should refuse malformed JSON as a bad request', () => {
    expect(() => parseImportFile({ format: 'json', text: '{', mode: undefined })).toThrow(HttpRequestError);
  });
});
