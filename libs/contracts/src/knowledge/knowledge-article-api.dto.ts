import { z } from 'zod';
import {
  KNOWLEDGE_ARTICLE_STATUSES,
  KNOWLEDGE_TAG_PATTERN,
  type KnowledgeArticleDto,
  type KnowledgePassageDto,
  MAX_KNOWLEDGE_BODY_LENGTH,
  MAX_KNOWLEDGE_IMPORT_ARTICLES,
  MAX_KNOWLEDGE_QUERY_LENGTH,
  MAX_KNOWLEDGE_RESULTS,
  MAX_KNOWLEDGE_TAG_LENGTH,
  MAX_KNOWLEDGE_TAGS,
  MAX_KNOWLEDGE_TITLE_LENGTH,
  type MessageSourceDto,
} from './knowledge-article.dto';

const ARTICLE_EXAMPLE = {
  id: '5b1f6c2e-3a4d-4e8f-9b0a-7c6d5e4f3a21',
  title: 'Shipping countries and delivery times',
  body: '## Where we ship\n\nWe ship to Germany, France, Austria and the Netherlands.\n\n## How long it takes\n\nStandard delivery takes 2 to 4 working days.',
  tags: ['shipping'],
  status: 'published' as const,
  chunkCount: 2,
  createdAt: '2026-12-01T09:00:00.000Z',
  updatedAt: '2026-12-02T14:30:00.000Z',
};

const validText = (value: string): boolean => value.isWellFormed() && !value.includes('\u0000');

const title = z
  .string()
  .trim()
  .min(1)
  .max(MAX_KNOWLEDGE_TITLE_LENGTH)
  .refine(validText, 'must be valid Unicode text')
  .refine((value) => !/[\r\n]/.test(value), 'must be one line');
const body = z
  .string()
  .max(MAX_KNOWLEDGE_BODY_LENGTH)
  .refine((value) => value.trim().length > 0, 'cannot be empty')
  .refine(validText, 'must be valid Unicode text');
const tag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(MAX_KNOWLEDGE_TAG_LENGTH)
  .regex(KNOWLEDGE_TAG_PATTERN, 'lowercase letters, digits, - and _ (starting with a letter or digit)');
const tags = z
  .array(tag)
  .max(MAX_KNOWLEDGE_TAGS)
  .refine((list) => new Set(list).size === list.length, 'must not repeat a tag');
const status = z.enum(KNOWLEDGE_ARTICLE_STATUSES);

/** The limits of each field, for forms that validate as the API does. */
export const knowledgeArticleFieldSchemas = { title, body, tags, status };

/** `POST /api/v1/knowledge/articles`. */
export const createKnowledgeArticleRequestSchema = z
  .strictObject({ title, body, tags: tags.default([]), status: status.default('published') })
  .meta({
    examples: [{ title: ARTICLE_EXAMPLE.title, body: ARTICLE_EXAMPLE.body, tags: ['shipping'], status: 'published' }],
  });
export type CreateKnowledgeArticleRequest = z.input<typeof createKnowledgeArticleRequestSchema>;

/** `PATCH /api/v1/knowledge/articles/:id`: only the fields sent change. */
export const updateKnowledgeArticleRequestSchema = z
  .strictObject({ title: title.optional(), body: body.optional(), tags: tags.optional(), status: status.optional() })
  .refine((value) => Object.keys(value).length > 0, { message: 'give at least one of title, body, tags, status' })
  .meta({ examples: [{ status: 'draft' }] });
export type UpdateKnowledgeArticleRequest = z.infer<typeof updateKnowledgeArticleRequestSchema>;

export const knowledgeArticleSchema = z
  .object({
    id: z.guid(),
    title: z.string(),
    body: z.string(),
    tags: z.array(z.string()),
    status,
    chunkCount: z.int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ examples: [ARTICLE_EXAMPLE] }) satisfies z.ZodType<KnowledgeArticleDto>;

/** `GET /api/v1/knowledge/articles?q=&status=&tag=`: newest change first. */
export const knowledgeArticleListQuerySchema = z.strictObject({
  q: z.string().trim().max(MAX_KNOWLEDGE_QUERY_LENGTH).refine(validText, 'must be valid Unicode text').optional(),
  status: status.optional(),
  tag: tag.optional(),
});
export type KnowledgeArticleListQuery = z.infer<typeof knowledgeArticleListQuerySchema>;

export const knowledgeArticleListSchema = z.object({ data: z.array(knowledgeArticleSchema) });
export type KnowledgeArticleListDto = z.infer<typeof knowledgeArticleListSchema>;

export const knowledgeArticleIdParamsSchema = z.strictObject({ id: z.guid() });

/**
 * `POST /api/v1/knowledge/import`: the articles of one file, parsed by the client or the service (JSON array,
 * CSV with a header row title,body[,tags][,status], or Markdown files whose first `# ` heading is the title).
 * `mode: upsert` replaces articles with the same title; `create` refuses duplicates.
 */
export const importKnowledgeArticlesRequestSchema = z
  .strictObject({
    articles: z
      .array(z.strictObject({ title, body, tags: tags.default([]), status: status.default('published') }))
      .min(1)
      .max(MAX_KNOWLEDGE_IMPORT_ARTICLES),
    mode: z.enum(['upsert', 'create']).default('upsert'),
  })
  .meta({ examples: [{ articles: [{ title: ARTICLE_EXAMPLE.title, body: ARTICLE_EXAMPLE.body }], mode: 'upsert' }] });
export type ImportKnowledgeArticlesRequest = z.input<typeof importKnowledgeArticlesRequestSchema>;

export const importKnowledgeArticlesResultSchema = z.object({
  created: z.int(),
  updated: z.int(),
  data: z.array(knowledgeArticleSchema),
});
export type ImportKnowledgeArticlesResultDto = z.infer<typeof importKnowledgeArticlesResultSchema>;

/** `POST /api/v1/knowledge/search`: what the bot would retrieve for a question (published articles only). */
export const knowledgeSearchRequestSchema = z
  .strictObject({
    query: z.string().trim().min(1).max(MAX_KNOWLEDGE_QUERY_LENGTH).refine(validText, 'must be valid Unicode text'),
    limit: z.int().min(1).max(MAX_KNOWLEDGE_RESULTS).default(3),
  })
  .meta({ examples: [{ query: 'do you ship to austria?', limit: 3 }] });
export type KnowledgeSearchRequest = z.input<typeof knowledgeSearchRequestSchema>;

export const knowledgePassageSchema = z.object({
  articleId: z.guid(),
  title: z.string(),
  chunkIndex: z.int(),
  text: z.string(),
  score: z.number(),
}) satisfies z.ZodType<KnowledgePassageDto>;

export const knowledgeSearchResultSchema = z.object({ data: z.array(knowledgePassageSchema) });
export type KnowledgeSearchResultDto = z.infer<typeof knowledgeSearchResultSchema>;

export const messageSourceSchema = z.object({
  articleId: z.guid(),
  title: z.string(),
}) satisfies z.ZodType<MessageSourceDto>;
