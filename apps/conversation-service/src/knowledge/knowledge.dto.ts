import {
  createKnowledgeArticleRequestSchema,
  importKnowledgeArticlesRequestSchema,
  importKnowledgeArticlesResultSchema,
  knowledgeArticleIdParamsSchema,
  knowledgeArticleListQuerySchema,
  knowledgeArticleListSchema,
  knowledgeArticleSchema,
  knowledgeSearchRequestSchema,
  knowledgeSearchResultSchema,
  updateKnowledgeArticleRequestSchema,
} from '@neodesk/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export class KnowledgeArticleIdParamsDto extends createZodDto(knowledgeArticleIdParamsSchema) {}
export class KnowledgeArticleListQueryDto extends createZodDto(knowledgeArticleListQuerySchema) {}
export class CreateKnowledgeArticleRequestDto extends createZodDto(createKnowledgeArticleRequestSchema) {}
export class UpdateKnowledgeArticleRequestDto extends createZodDto(updateKnowledgeArticleRequestSchema) {}
export class ImportKnowledgeArticlesRequestDto extends createZodDto(importKnowledgeArticlesRequestSchema) {}
export class KnowledgeSearchRequestDto extends createZodDto(knowledgeSearchRequestSchema) {}
export class KnowledgeArticleResponseDto extends createZodDto(knowledgeArticleSchema) {}
export class KnowledgeArticleListResponseDto extends createZodDto(knowledgeArticleListSchema) {}
export class ImportKnowledgeArticlesResultDto extends createZodDto(importKnowledgeArticlesResultSchema) {}
export class KnowledgeSearchResultDto extends createZodDto(knowledgeSearchResultSchema) {}

/** `?mode=` of a CSV or Markdown import (a JSON body says it in the body). */
export class KnowledgeImportQueryDto extends createZodDto(
  z.strictObject({ mode: z.enum(['upsert', 'create']).optional() }),
) {}
