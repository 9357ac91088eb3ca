import type { KnowledgeArticleStatus } from '@neodesk/contracts';
import { EntityManager, Repository } from 'typeorm';
import { KnowledgeArticleEntity } from './knowledge-article.entity';

export interface NewKnowledgeArticle {
  title: string;
  body: string;
  tags: string[];
  status: KnowledgeArticleStatus;
}

export type KnowledgeArticleChanges = Partial<NewKnowledgeArticle>;

export interface KnowledgeArticleFilter {
  /** Words in the title or body (case-insensitive substring). */
  text?: string;
  status?: KnowledgeArticleStatus;
  tag?: string;
}

/** One passage of an article as the chunker wrote it. */
export interface NewKnowledgeChunk {
  heading: string;
  text: string;
}

/** A retrieved passage with its score. */
export interface KnowledgeSearchHit {
  articleId: string;
  title: string;
  chunkIndex: number;
  text: string;
  score: number;
}

export interface KnowledgeSearchQuery {
  /** The newest customer message: a passage must match one of its words. */
  newest: string;
  /** Earlier turns as one text; their words add `contextWeight` times their rank. */
  context: string;
  contextWeight: number;
  limit: number;
  /** Most passages of one article in the answer. */
  perArticle: number;
  /**
   * Whether a passage may match the context alone: for a follow-up ("and Paraguay?", "what about express?")
   * whose own words may be in no article. Otherwise a passage must match a word of the newest message.
   */
  contextAlone?: boolean;
}

// The text search configuration of every vector and query: English stemming and stop words.
const CONFIG = 'english';

/** A weighted vector of a passage: the article's title counts as A, the passage text as B. */
const PASSAGE_VECTOR = (title: string, text: string): string =>
  `setweight(to_tsvector('${CONFIG}', ${title}), 'A') || setweight(to_tsvector('${CONFIG}', ${text}), 'B')`;

/** A single-lexeme tsquery of a lexeme as it is (quoted, so it is not stemmed twice). */
const LEXEME_QUERY = (lexeme: string): string =>
  `('''' || replace(replace(${lexeme}, E'\\\\', E'\\\\\\\\'), '''', '''''') || '''')::tsquery`;

/** A workspace's knowledge articles and their passages; every method is scoped by workspace id. */
export class KnowledgeRepository {
  private readonly articles: Repository<KnowledgeArticleEntity>;

  constructor(private readonly manager: EntityManager) {
    this.articles = manager.getRepository(KnowledgeArticleEntity);
  }

  /** Newest change first. */
  list(workspaceId: string, filter: KnowledgeArticleFilter, limit: number): Promise<KnowledgeArticleEntity[]> {
    const query = this.articles
      .createQueryBuilder('article')
      .where('article.workspace_id = :workspaceId', { workspaceId })
      .orderBy('article.updated_at', 'DESC')
      .addOrderBy('article.id', 'ASC')
      .take(limit);
    if (filter.status !== undefined) {
      query.andWhere('article.status = :status', { status: filter.status });
    }
    if (filter.tag !== undefined) {
      query.andWhere(':tag = ANY(article.tags)', { tag: filter.tag });
    }
    if (filter.text !== undefined && filter.text !== '') {
      const pattern = `%${filter.text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
      query.andWhere('(article.title ILIKE :pattern OR article.body ILIKE :pattern)', { pattern });
    }
    return query.getMany();
  }

  count(workspaceId: string): Promise<number> {
    return this.articles.countBy({ workspaceId });
  }

  findById(workspaceId: string, id: string): Promise<KnowledgeArticleEntity | null> {
    return this.articles.findOneBy({ workspaceId, id });
  }

  /** Titles are unique per workspace regardless of case. */
  findByTitle(workspaceId: string, title: string): Promise<KnowledgeArticleEntity | null> {
    return this.articles
      .createQueryBuilder('article')
      .where('article.workspace_id = :workspaceId', { workspaceId })
      .andWhere('lower(article.title) = lower(:title)', { title })
      .getOne();
  }

  create(workspaceId: string, values: NewKnowledgeArticle): Promise<KnowledgeArticleEntity> {
    return this.articles.save(this.articles.create({ workspaceId, ...values }));
  }

  async update(
    workspaceId: string,
    id: string,
    changes: KnowledgeArticleChanges,
  ): Promise<KnowledgeArticleEntity | null> {
    await this.articles.update({ workspaceId, id }, changes);
    return this.findById(workspaceId, id);
  }

  async delete(workspaceId: string, id: string): Promise<boolean> {
    const result = await this.articles.delete({ workspaceId, id });
    return (result.affected ?? 0) > 0;
  }

  /** Passages per article, for the given articles of the workspace (absent: none). */
  async chunkCounts(workspaceId: string, articleIds: string[]): Promise<Map<string, number>> {
    if (articleIds.length === 0) {
      return new Map();
    }
    const rows: Array<{ article_id: string; count: number }> = await this.manager.query(
      `SELECT article_id, count(*)::int AS count FROM knowledge_chunks
        WHERE workspace_id = $1 AND article_id = ANY($2::uuid[]) GROUP BY article_id`,
      [workspaceId, articleIds],
    );
    return new Map(rows.map((row) => [row.article_id, row.count]));
  }

  /** Replaces an article's passages (and their vectors) with these, in order. */
  async replaceChunks(
    workspaceId: string,
    articleId: string,
    title: string,
    chunks: NewKnowledgeChunk[],
  ): Promise<void> {
    await this.manager.query(`DELETE FROM knowledge_chunks WHERE workspace_id = $1 AND article_id = $2`, [
      workspaceId,
      articleId,
    ]);
    if (chunks.length === 0) {
      return;
    }
    await this.manager.query(
      `INSERT INTO knowledge_chunks (article_id, workspace_id, chunk_index, heading, text, search)
       SELECT $1, $2, chunk.ordinality - 1, chunk.heading, chunk.text, ${PASSAGE_VECTOR('$3', 'chunk.text')}
         FROM unnest($4::text[], $5::text[]) WITH ORDINALITY AS chunk (heading, text, ordinality)`,
      [articleId, workspaceId, title, chunks.map((chunk) => chunk.heading), chunks.map((chunk) => chunk.text)],
    );
  }

  /**
   * Passages of the workspace's published articles matching any word of the newest message (OR: AND semantics
   * miss natural questions whose words are not all in one passage), best first. A passage scores, for each
   * word of the query, the word's rarity among the workspace's passages (BM25's idf, so "order" in a shop's
   * help centre counts less than "klarna") times `ts_rank` of the passage for that word (title weighted A
   * over text B); the words of the context count `contextWeight` times. At most `perArticle` passages of one
   * article, and an article's second passage only after every matching article's best one (the answer is
   * more often in another article than in a second passage of the first). Empty when the newest message has
   * no searchable word (empty, or stop words only).
   */
  async search(workspaceId: string, query: KnowledgeSearchQuery): Promise<KnowledgeSearchHit[]> {
    const rows: Array<{ article_id: string; title: string; chunk_index: number; text: string; score: number }> =
      await this.manager.query(
        `WITH terms AS MATERIALIZED (
           SELECT lexeme, source.weight, source.newest, ${LEXEME_QUERY('lexeme')} AS query
             FROM (VALUES ($2::text, 1::float8, true), ($3::text, $4::float8, false)) AS source (text, weight, newest),
                  unnest(tsvector_to_array(to_tsvector('${CONFIG}', source.text))) AS lexeme
         ),
         matches AS MATERIALIZED (
           SELECT chunk.id, chunk.article_id, chunk.chunk_index, terms.lexeme, terms.weight, terms.newest,
                  ts_rank(chunk.search, terms.query, 1) AS rank
             FROM terms JOIN knowledge_chunks chunk ON chunk.search @@ terms.query
            WHERE chunk.workspace_id = $1
         ),
         -- Rarity over all the workspace's passages (drafts too: an estimate, and one index scan).
         total AS MATERIALIZED (
           SELECT count(*)::float8 AS passages FROM knowledge_chunks WHERE workspace_id = $1
         ),
         rarity AS (
           SELECT lexeme, ln(1 + (total.passages - count(DISTINCT id) + 0.5) / (count(DISTINCT id) + 0.5)) AS idf
             FROM matches, total
            GROUP BY lexeme, total.passages
         ),
         scored AS MATERIALIZED (
           SELECT matches.id, matches.article_id, matches.chunk_index,
                  sum(matches.weight * rarity.idf * matches.rank) AS score
             FROM matches JOIN rarity USING (lexeme)
            GROUP BY matches.id, matches.article_id, matches.chunk_index
           HAVING bool_or(matches.newest) OR $7::boolean
         ),
         ranked AS (
           SELECT scored.*, row_number() OVER (PARTITION BY scored.article_id ORDER BY score DESC, chunk_index) AS nth
             FROM scored
             JOIN knowledge_articles article ON article.id = scored.article_id
            WHERE article.workspace_id = $1 AND article.status = 'published'
         )
         SELECT chunk.article_id, article.title, chunk.chunk_index, chunk.text, ranked.score::float8 AS score
           FROM ranked
           JOIN knowledge_chunks chunk ON chunk.id = ranked.id
           JOIN knowledge_articles article ON article.id = chunk.article_id
          WHERE ranked.nth <= $6
          ORDER BY ranked.nth > 1, ranked.score DESC, lower(article.title), chunk.chunk_index
          LIMIT $5`,
        [
          workspaceId,
          query.newest,
          query.context,
          query.contextWeight,
          query.limit,
          query.perArticle,
          query.contextAlone ?? false,
        ],
      );
    return rows.map((row) => ({
      articleId: row.article_id,
      title: row.title,
      chunkIndex: row.chunk_index,
      text: row.text,
      score: Number(row.score),
    }));
  }
}
