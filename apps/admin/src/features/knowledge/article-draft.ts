import {
  type CreateKnowledgeArticleRequest,
  type KnowledgeArticleDto,
  type KnowledgeArticleStatus,
  type KnowledgeFieldProblem,
  type UpdateKnowledgeArticleRequest,
  knowledgeBodyProblem,
  knowledgeTagsProblem,
  knowledgeTitleProblem,
  normalizeKnowledgeTags,
} from '@neodesk/contracts';

/** The editor's values as typed: tags stay one line of text until saved, so nothing typed is lost. */
export interface ArticleDraft {
  title: string;
  body: string;
  tags: string;
  status: KnowledgeArticleStatus;
}

export const ARTICLE_FIELDS = ['title', 'body', 'tags', 'status'] as const;
export type ArticleField = (typeof ARTICLE_FIELDS)[number];

export const EMPTY_DRAFT: ArticleDraft = { title: '', body: '', tags: '', status: 'published' };

export function draftOf(article: KnowledgeArticleDto): ArticleDraft {
  return { title: article.title, body: article.body, tags: article.tags.join(', '), status: article.status };
}

/** "Shipping, returns," -> ['shipping', 'returns']: tags between commas, trimmed and lowercased. */
export function tagsOf(text: string): string[] {
  return normalizeKnowledgeTags(text.split(',')).filter((tag) => tag !== '');
}

const count = (value: number): string => value.toLocaleString('en-US');

function message(field: ArticleField, found: KnowledgeFieldProblem): string {
  switch (found.problem) {
    case 'required':
      return field === 'title'
        ? 'Give the article a title: customers see it as the source of an answer.'
        : 'Write the article: the bot answers from this text.';
    case 'too_long':
      return `At most ${count(found.max)} characters: ${count(found.length - found.max)} too many.`;
    case 'multiline':
      return 'The title must be one line.';
    case 'invalid_text':
      return 'Contains characters that are not valid text (a broken emoji or a NUL); retype or remove them.';
    case 'bad_tag':
      return `“${found.tag}” is not a tag: lowercase letters, digits, - and _, starting with a letter or digit.`;
    case 'tag_too_long':
      return `“${found.tag.slice(0, 20)}…” is longer than ${found.max} characters.`;
    case 'too_many_tags':
      return `At most ${found.max} tags (now ${found.count}).`;
    case 'repeated_tag':
      return `“${found.tag}” is there twice.`;
    default:
      return assertNever(found);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unexpected problem ${JSON.stringify(value)}`);
}

/** The form's own check, by field: the API's limits (the contracts' checks) in words for the editor. */
export function draftErrors(draft: ArticleDraft): Partial<Record<ArticleField, string>> {
  const errors: Partial<Record<ArticleField, string>> = {};
  const title = knowledgeTitleProblem(draft.title);
  const body = knowledgeBodyProblem(draft.body);
  const tags = knowledgeTagsProblem(tagsOf(draft.tags));
  if (title !== undefined) {
    errors.title = message('title', title);
  }
  if (body !== undefined) {
    errors.body = message('body', body);
  }
  if (tags !== undefined) {
    errors.tags = message('tags', tags);
  }
  return errors;
}

export function createRequestOf(draft: ArticleDraft): CreateKnowledgeArticleRequest {
  return { title: draft.title.trim(), body: draft.body, tags: tagsOf(draft.tags), status: draft.status };
}

/** The fields that differ from the saved article, as the PATCH sends them. */
export function changesOf(draft: ArticleDraft, saved: KnowledgeArticleDto): UpdateKnowledgeArticleRequest {
  const changes: UpdateKnowledgeArticleRequest = {};
  if (draft.title.trim() !== saved.title) {
    changes.title = draft.title.trim();
  }
  if (draft.body !== saved.body) {
    changes.body = draft.body;
  }
  const tags = tagsOf(draft.tags);
  if (tags.join(',') !== saved.tags.join(',')) {
    changes.tags = tags;
  }
  if (draft.status !== saved.status) {
    changes.status = draft.status;
  }
  return changes;
}

/** Whether a new article's form holds anything worth a warning before leaving. */
export function isBlank(draft: ArticleDraft): boolean {
  return (
    draft.title.trim() === '' && draft.body.trim() === '' && draft.tags.trim() === '' && draft.status === 'published'
  );
}
