import { knowledgeArticleFieldSchemas } from './knowledge-article-api.dto';
import { knowledgeBodyProblem, knowledgeTagsProblem, knowledgeTitleProblem } from './knowledge-article-checks';
import {
  MAX_KNOWLEDGE_BODY_LENGTH,
  MAX_KNOWLEDGE_TAG_LENGTH,
  MAX_KNOWLEDGE_TAGS,
  MAX_KNOWLEDGE_TITLE_LENGTH,
} from './knowledge-article.dto';

// The browser's checks and the API's schemas must agree on every input: same limits, same refusals.
describe('knowledge article checks', () => {
  const titles = [
    'Shipping countries',
    '  Returns  ',
    '',
    '   ',
    'a'.repeat(MAX_KNOWLEDGE_TITLE_LENGTH),
    'a'.repeat(MAX_KNOWLEDGE_TITLE_LENGTH + 1),
    ` ${'a'.repeat(MAX_KNOWLEDGE_TITLE_LENGTH)} `,
    'Two\nlines',
    'Carriage\rreturn',
    'Lone \uD800 surrogate',
    'Nul \u0000 byte',
    'Émojis 📦 and ümlauts',
  ];
  it.each(titles.map((title) => [JSON.stringify(title).slice(0, 40), title]))(
    'should judge the title %s as the API does',
    (_name, title) => {
      const api = knowledgeArticleFieldSchemas.title.safeParse(title).success;
      expect(knowledgeTitleProblem(title) === undefined).toBe(api);
    },
  );

  const bodies = [
    '## Where we ship\n\nGermany and Austria.',
    '',
    ' \n\t ',
    'x'.repeat(MAX_KNOWLEDGE_BODY_LENGTH),
    'x'.repeat(MAX_KNOWLEDGE_BODY_LENGTH + 1),
    ` ${'x'.repeat(MAX_KNOWLEDGE_BODY_LENGTH)}`,
    'Lone \uDC00 surrogate',
    'Nul \u0000 byte',
  ];
  it.each(bodies.map((body) => [JSON.stringify(body).slice(0, 40), body]))(
    'should judge the body %s as the API does',
    (_name, body) => {
      const api = knowledgeArticleFieldSchemas.body.safeParse(body).success;
      expect(knowledgeBodyProblem(body) === undefined).toBe(api);
    },
  );

  const tagLists: string[][] = [
    [],
    ['shipping'],
    ['Shipping', ' returns '],
    ['shipping', 'Shipping'],
    ['two words'],
    ['-leading-dash'],
    ['under_score', 'da-sh', '2fa'],
    [''],
    ['t'.repeat(MAX_KNOWLEDGE_TAG_LENGTH)],
    ['t'.repeat(MAX_KNOWLEDGE_TAG_LENGTH + 1)],
    Array.from({ length: MAX_KNOWLEDGE_TAGS }, (_, index) => `tag${index}`),
    Array.from({ length: MAX_KNOWLEDGE_TAGS + 1 }, (_, index) => `tag${index}`),
    ['ümlaut'],
  ];
  it.each(tagLists.map((tags) => [JSON.stringify(tags).slice(0, 40), tags]))(
    'should judge the tags %s as the API does',
    (_name, tags) => {
      const api = knowledgeArticleFieldSchemas.tags.safeParse(tags).success;
      expect(knowledgeTagsProblem(tags) === undefined).toBe(api);
    },
  );

  it('should say how long a title is that is too long, and which tag repeats', () => {
    expect(knowledgeTitleProblem('a'.repeat(230))).toEqual({
      problem: 'too_long',
      length: 230,
      max: MAX_KNOWLEDGE_TITLE_LENGTH,
    });
    expect(knowledgeTagsProblem(['shipping', 'SHIPPING '])).toEqual({ problem: 'repeated_tag', tag: 'shipping' });
    expect(knowledgeTagsProblem(['ok', 'not ok'])).toEqual({ problem: 'bad_tag', tag: 'not ok' });
  });
});
