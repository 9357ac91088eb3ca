import {
  KNOWLEDGE_TAG_PATTERN,
  MAX_KNOWLEDGE_BODY_LENGTH,
  MAX_KNOWLEDGE_TAG_LENGTH,
  MAX_KNOWLEDGE_TAGS,
  MAX_KNOWLEDGE_TITLE_LENGTH,
} from './knowledge-article.dto';

/**
 * Why an article's field would be refused: the checks of `knowledgeArticleFieldSchemas` without zod, for
 * browser forms (the spec beside this file holds the two to the same answers).
 */
export type KnowledgeFieldProblem =
  | { problem: 'required' }
  | { problem: 'too_long'; length: number; max: number }
  | { problem: 'multiline' }
  | { problem: 'invalid_text' }
  | { problem: 'bad_tag'; tag: string }
  | { problem: 'tag_too_long'; tag: string; max: number }
  | { problem: 'too_many_tags'; count: number; max: number }
  | { problem: 'repeated_tag'; tag: string };

const validText = (value: string): boolean => value.isWellFormed() && !value.includes('\u0000');

/** The title as the API stores it: trimmed. */
export function knowledgeTitleProblem(title: string): KnowledgeFieldProblem | undefined {
  const value = title.trim();
  if (value.length === 0) {
    return { problem: 'required' };
  }
  if (value.length > MAX_KNOWLEDGE_TITLE_LENGTH) {
    return { problem: 'too_long', length: value.length, max: MAX_KNOWLEDGE_TITLE_LENGTH };
  }
  if (/[\r\n]/.test(value)) {
    return { problem: 'multiline' };
  }
  return validText(value) ? undefined : { problem: 'invalid_text' };
}

/** The Markdown body, counted as sent (untrimmed). */
export function knowledgeBodyProblem(body: string): KnowledgeFieldProblem | undefined {
  if (body.trim().length === 0) {
    return { problem: 'required' };
  }
  if (body.length > MAX_KNOWLEDGE_BODY_LENGTH) {
    return { problem: 'too_long', length: body.length, max: MAX_KNOWLEDGE_BODY_LENGTH };
  }
  return validText(body) ? undefined : { problem: 'invalid_text' };
}

/** Tags as the API stores them: trimmed and lowercased. */
export function normalizeKnowledgeTags(tags: readonly string[]): string[] {
  return tags.map((tag) => tag.trim().toLowerCase());
}

export function knowledgeTagsProblem(tags: readonly string[]): KnowledgeFieldProblem | undefined {
  const normalized = normalizeKnowledgeTags(tags);
  for (const tag of normalized) {
    if (tag.length > MAX_KNOWLEDGE_TAG_LENGTH) {
      return { problem: 'tag_too_long', tag, max: MAX_KNOWLEDGE_TAG_LENGTH };
    }
    if (!KNOWLEDGE_TAG_PATTERN.test(tag)) {
      return { problem: 'bad_tag', tag };
    }
  }
  if (normalized.length > MAX_KNOWLEDGE_TAGS) {
    return { problem: 'too_many_tags', count: normalized.length, max: MAX_KNOWLEDGE_TAGS };
  }
  const repeated = normalized.find((tag, index) => normalized.indexOf(tag) !== index);
  return repeated === undefined ? undefined : { problem: 'repeated_tag', tag: repeated };
}
