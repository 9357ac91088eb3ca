import { Inject, Injectable } from '@nestjs/common';
import { type KnowledgePassageDto, MAX_KNOWLEDGE_QUERY_LENGTH, MAX_KNOWLEDGE_RESULTS } from '@neodesk/contracts';
import { Repositories } from '@neodesk/persistence';
import { expandQuery } from './knowledge-query-expansion';
import { type KnowledgeQuery, KnowledgeRetriever } from './knowledge-retriever';

/** How much a word of the earlier turns counts against one of the newest message. */
export const CONTEXT_WEIGHT = 0.3;
/** Earlier turns read for context (newest first), and characters of them in all. */
export const MAX_CONTEXT_TURNS = 4;
const MAX_CONTEXT_LENGTH = 2 * MAX_KNOWLEDGE_QUERY_LENGTH;
/** Passages of one article in one answer: the rest of the room goes to other articles. */
export const MAX_PASSAGES_PER_ARTICLE = 2;

/**
 * Full-text retrieval over a workspace's published articles (PostgreSQL, on PGlite too): passages matching any
 * word of the newest customer message (with support synonyms added: "send back" also asks for "return"),
 * ranked by each word's rarity times its weighted match (title above text), the recent turns' words counting
 * 0.3 times: a follow-up such as "and austria?" finds shipping after a shipping question and returns after a
 * returns question, while a new subject ("and apple pay?") still wins over the context.
 */
@Injectable()
export class KnowledgeRetrievalService extends KnowledgeRetriever {
  constructor(@Inject(Repositories) private readonly repositories: Repositories) {
    super();
  }

  async retrieve(workspaceId: string, query: KnowledgeQuery, limit: number): Promise<KnowledgePassageDto[]> {
    const newest = clean(query.newest, MAX_KNOWLEDGE_QUERY_LENGTH);
    const count = Math.min(Math.floor(limit), MAX_KNOWLEDGE_RESULTS);
    if (newest === '' || !(count > 0)) {
      return [];
    }
    const context = clean(
      query.context
        .slice(0, MAX_CONTEXT_TURNS)
        .map((turn) => clean(turn, MAX_KNOWLEDGE_QUERY_LENGTH))
        .join(' \n '),
      MAX_CONTEXT_LENGTH,
    );
    return this.repositories.knowledge.search(workspaceId, {
      newest: expandQuery(newest),
      context: expandQuery(context),
      contextWeight: CONTEXT_WEIGHT,
      limit: count,
      perArticle: MAX_PASSAGES_PER_ARTICLE,
      contextAlone: context !== '' && isFollowUp(newest),
    });
  }
}

/**
 * A short message that refers back to the one before: "and Paraguay?", "what about express", "klarna too?",
 * "also on saturday?". Its passages may come from the earlier turns alone ("ok thanks" is not one).
 */
export function isFollowUp(text: string): boolean {
  const words = text.trim().split(/\s+/u).length;
  return (
    words <= 6 &&
    (/^(?:and|also|what about|how about|same for|and what about|ok and|okay and)\b/iu.test(text.trim()) ||
      /\b(?:too|as well|also)\s*\??\s*$/iu.test(text.trim()))
  );
}

/** Well-formed text without NUL (PostgreSQL refuses it), at most `max` characters, never a half surrogate pair. */
function clean(text: string, max: number): string {
  const whole = text.toWellFormed().replaceAll('\u0000', ' ').trim();
  return whole.length <= max ? whole : whole.slice(0, max).toWellFormed();
}
