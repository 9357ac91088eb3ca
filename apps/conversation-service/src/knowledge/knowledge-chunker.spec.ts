import { CHUNK_MAX_WORDS, chunkArticle, inline, sentences } from './knowledge-chunker';
import { parseMarkdownArticles } from './knowledge-import.parser';
import { SAMPLE_KNOWLEDGE_BASE_MARKDOWN } from './sample/sample-knowledge-base';

const words = (text: string): number => text.split(/\s+/).filter((word) => word !== '').length;

describe(chunkArticle.name, () => {
  it('should prefix each passage with its nearest heading, and the title needs no prefix', () => {
    const sut = chunkArticle(
      'Shipping',
      'We ship fast.\n\n## Where we ship\n\nWe ship to Germany.\n\n### Islands?\n\nNot to islands.\n\n## Costs\n\nFree over 60 EUR.',
    );
    expect(sut).toEqual([
      { heading: 'Shipping', text: 'We ship fast.' },
      { heading: 'Where we ship', text: 'Where we ship. We ship to Germany.' },
      { heading: 'Islands?', text: 'Islands? Not to islands.' },
      { heading: 'Costs', text: 'Costs. Free over 60 EUR.' },
    ]);
  });

  it('should strip Markdown: links keep their text, code its text, lists become sentences', () => {
    const sut = chunkArticle(
      'Help',
      [
        '# Help',
        '',
        'Read **the [returns page](https://example.com/returns)** or _write_ to `help@example.com`.',
        '![A parcel](parcel.png) <b>Bold</b> ~~old~~ \\*starred\\*',
        '',
        '- Cards',
        '- PayPal (no fees)',
        '1. Step one!',
        '',
        '> Quoted text',
        '',
        '```',
        'curl https://api.example.com',
        '  --data x',
        '```',
        '',
        '| Country | Days |',
        '|---|---|',
        '| Austria | 2-4 |',
        '',
        '***',
      ].join('\n'),
    );
    expect(sut).toEqual([
      {
        heading: 'Help',
        text: [
          'Read the returns page or write to help@example.com. A parcel Bold old *starred*',
          'Cards. PayPal (no fees). Step one!',
          'Quoted text',
          'curl https://api.example.com --data x',
          'Country, Days. Austria, 2-4.',
        ].join(' '),
      },
    ]);
  });

  it('should pack paragraphs into passages of at most about 100 words, cutting between sentences', () => {
    const sentence = (n: number): string => `Sentence number ${n} has exactly eight words here.`;
    const paragraph = (from: number, count: number): string =>
      Array.from({ length: count }, (_, i) => sentence(from + i)).join(' ');
    // One paragraph of 30 sentences (240 words), then two of 3 sentences (24 words each).
    const body = `## Long\n\n${paragraph(0, 30)}\n\n${paragraph(30, 3)}\n\n${paragraph(33, 3)}`;

    const sut = chunkArticle('Title', body);

    expect(sut.length).toBeGreaterThanOrEqual(3);
    for (const chunk of sut) {
      expect(chunk.text.startsWith('Long. Sentence number')).toBe(true);
      expect(words(chunk.text)).toBeLessThanOrEqual(CHUNK_MAX_WORDS * 1.2 + 1);
      // Never cut inside a sentence.
      expect(chunk.text).toMatch(/here\.$/);
    }
    const all = sut.map((chunk) => chunk.text.replace(/^Long\. /, '')).join(' ');
    expect(all).toBe(paragraph(0, 36));
  });

  it('should cut a sentence with no end between words', () => {
    const sut = chunkArticle('Title', Array.from({ length: 300 }, (_, i) => `w${i}`).join(' '));
    expect(sut.map((chunk) => words(chunk.text))).toEqual([100, 100, 100]);
  });

  it('should give nothing for a body without text', () => {
    expect(chunkArticle('Title', '## Empty\n\n---\n\n<br>')).toEqual([]);
  });

  it('should split the sample knowledge base into small plain-text passages', () => {
    const articles = parseMarkdownArticles(SAMPLE_KNOWLEDGE_BASE_MARKDOWN) as Array<{ title: string; body: string }>;
    expect(articles.length).toBeGreaterThanOrEqual(8);
    for (const article of articles) {
      const sut = chunkArticle(article.title, article.body);
      expect(sut.length).toBeGreaterThan(0);
      for (const chunk of sut) {
        expect(words(chunk.text)).toBeLessThanOrEqual(CHUNK_MAX_WORDS);
        expect(words(chunk.text)).toBeGreaterThanOrEqual(20);
        expect(chunk.text).not.toMatch(/\*\*|\]\(|^#|\n/);
      }
    }
  });
});

describe(inline.name, () => {
  it('should keep snake_case and arithmetic as they are', () => {
    expect(inline('Use order_id and 2 * 3 * 4, not __init__')).toBe('Use order_id and 2 * 3 * 4, not init');
  });
});

describe(sentences.name, () => {
  it('should split after . ! ? before a capital or a digit, not inside abbreviations or numbers', () => {
    expect(sentences('It costs 4.90 EUR. Really! 3 days? yes. e.g. this')).toEqual([
      'It costs 4.90 EUR.',
      'Really!',
      '3 days? yes. e.g. this',
    ]);
  });
});
