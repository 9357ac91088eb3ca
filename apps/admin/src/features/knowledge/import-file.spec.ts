import { describe, expect, it } from '@jest/globals';
import { checkChosen, csvRecords, importErrorPlace, markdownDocuments, planImport } from './import-file';

describe('knowledge import files', () => {
  it('should count the rows of a CSV file, quoted commas, quotes and line breaks included', () => {
    const text =
      'title,body,tags\r\n"Returns, refunds","Send it back\nwithin 30 days",returns\r\n\r\nHours,"Open 9 to 5, ""weekdays""",\n';
    expect(csvRecords(text)).toEqual([
      ['title', 'body', 'tags'],
      ['Returns, refunds', 'Send it back\nwithin 30 days', 'returns'],
      ['Hours', 'Open 9 to 5, "weekdays"', ''],
    ]);
    const result = planImport([{ name: 'faq.csv', text }]);
    expect(result.ok && result.plan).toMatchObject({ format: 'csv', count: 2, titles: ['Returns, refunds', 'Hours'] });
    expect(result.ok && result.plan.payload('create')).toEqual({
      kind: 'text',
      contentType: 'text/csv',
      text,
      mode: 'create',
    });
  });

  it('should refuse a CSV file with an unclosed quote or without a title column', () => {
    expect(planImport([{ name: 'a.csv', text: 'title,body\n"Open,never closed\n' }])).toEqual({
      ok: false,
      error: 'a.csv cannot be read as CSV: a quoted field is never closed.',
    });
    expect(planImport([{ name: 'b.csv', text: 'name,text\nA,B\n' }])).toMatchObject({ ok: false });
    expect(planImport([{ name: 'c.csv', text: 'title,body\n' }])).toMatchObject({ ok: false });
  });

  it('should split Markdown at --- lines outside code fences, and bundle several files', () => {
    const text = '# Shipping\n\nWe ship to Austria.\n\n---\n\n# Returns\n\n```\n---\n```\n30 days.\n';
    expect(markdownDocuments(text)).toHaveLength(2);
    const result = planImport([
      { name: 'a.md', text },
      { name: 'b.markdown', text: '\uFEFF# Payment ##\n\nCards and PayPal.\n' },
    ]);
    if (!result.ok) {
      throw new Error(result.error);
    }
    expect(result.plan).toMatchObject({
      format: 'markdown',
      count: 3,
      titles: ['Shipping', 'Returns', 'Payment'],
      files: [
        { name: 'a.md', documents: 2 },
        { name: 'b.markdown', documents: 1 },
      ],
    });
    const payload = result.plan.payload('upsert');
    expect(payload.kind === 'text' && markdownDocuments(payload.text)).toHaveLength(3);
    expect(importErrorPlace('document 3.title', result.plan)).toBe('Document 3 (b.markdown), title');
    expect(importErrorPlace('document 2.body', result.plan)).toBe('Document 2 (a.md), body');
  });

  it('should take a JSON array or an import request, and refuse what is neither', () => {
    const result = planImport([{ name: 'kb.json', text: '[{"title":"Hours","body":"9 to 5"}]' }]);
    expect(result.ok && result.plan.payload('create')).toEqual({
      kind: 'json',
      request: { articles: [{ title: 'Hours', body: '9 to 5' }], mode: 'create' },
    });
    expect(planImport([{ name: 'kb.json', text: '{"articles":[{"title":"A"},{"title":"B"}]}' }])).toMatchObject({
      ok: true,
      plan: { count: 2, titles: ['A', 'B'] },
    });
    expect(planImport([{ name: 'kb.json', text: '{"title":"A"}' }])).toMatchObject({ ok: false });
    expect(planImport([{ name: 'kb.json', text: '[{' }])).toMatchObject({ ok: false });
  });

  it('should refuse mixed kinds, several CSV files, other files and too many bytes', () => {
    expect(
      checkChosen([
        { name: 'a.md', size: 1 },
        { name: 'b.csv', size: 1 },
      ]),
    ).toContain('one or more Markdown');
    expect(
      checkChosen([
        { name: 'a.csv', size: 1 },
        { name: 'b.csv', size: 1 },
      ]),
    ).toContain('one JSON or CSV');
    expect(checkChosen([{ name: 'a.txt', size: 1 }])).toContain('.json, .csv or .md');
    expect(checkChosen([{ name: 'a.csv', size: 6 * 1024 * 1024 }])).toContain('at most 5.0 MB');
    expect(
      checkChosen([
        { name: 'A.MD', size: 1 },
        { name: 'b.md', size: 1 },
      ]),
    ).toBeUndefined();
  });

  it('should name the place of an import error in words', () => {
    expect(importErrorPlace('row 3.title', undefined)).toBe('Row 3, title');
    expect(importErrorPlace('body.articles.1.body', undefined)).toBe('Article 2, body');
    expect(importErrorPlace('body.articles.0.tags.2', undefined)).toBe('Article 1, tags 2');
    expect(importErrorPlace('body.mode', undefined)).toBe('mode');
  });
});
