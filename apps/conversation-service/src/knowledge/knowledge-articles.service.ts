import { Inject, Injectable } from '@nestjs/common';
import {
  type CreateKnowledgeArticleRequest,
  type ImportKnowledgeArticlesRequest,
  type ImportKnowledgeArticlesResultDto,
  importKnowledgeArticlesRequestSchema,
  type KnowledgeArticleDto,
  type KnowledgeArticleListDto,
  type KnowledgeArticleListQuery,
  type KnowledgeSearchResultDto,
  MAX_KNOWLEDGE_ARTICLES,
  type UpdateKnowledgeArticleRequest,
} from '@neodesk/contracts';
import { type KnowledgeArticleEntity, type NewKnowledgeArticle, Repositories, UnitOfWork } from '@neodesk/persistence';
import type { z } from 'zod';
import { RequestValidationError } from '../common/request-validation.error';
import { chunkArticle } from './knowledge-chunker';
import { KnowledgeError, KnowledgeErrorCode } from './knowledge.error';
import { type ParsedImport, parseImportFile, type KnowledgeImportFile } from './knowledge-import.parser';
import { KnowledgeRetrievalService } from './knowledge-retrieval.service';

type ImportRequest = z.infer<typeof importKnowledgeArticlesRequestSchema>;

/** A workspace's knowledge articles: admins write them, readers list them; every change re-chunks the article. */
@Injectable()
export class KnowledgeArticlesService {
  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(Repositories) private readonly repositories: Repositories,
    @Inject(KnowledgeRetrievalService) private readonly retrieval: KnowledgeRetrievalService,
  ) {}

  async list(workspaceId: string, query: KnowledgeArticleListQuery): Promise<KnowledgeArticleListDto> {
    const rows = await this.repositories.knowledge.list(
      workspaceId,
      { text: query.q, status: query.status, tag: query.tag },
      MAX_KNOWLEDGE_ARTICLES,
    );
    return { data: await toDtos(this.repositories, workspaceId, rows) };
  }

  async get(workspaceId: string, id: string): Promise<KnowledgeArticleDto> {
    const row = await this.repositories.knowledge.findById(workspaceId, id);
    if (row === null) {
      throw notFound(id);
    }
    return (await toDtos(this.repositories, workspaceId, [row]))[0];
  }

  create(workspaceId: string, input: CreateKnowledgeArticleRequest): Promise<KnowledgeArticleDto> {
    return this.unitOfWork.run(async (tx) => {
      // Serialised per workspace: two creations cannot both pass the count or the title check.
      await tx.locks.lockForTransaction(`knowledge:${workspaceId}`);
      await assertRoomFor(tx, workspaceId, 1);
      await assertTitleFree(tx, workspaceId, input.title, null);
      const row = await writeArticle(tx, workspaceId, null, {
        title: input.title,
        body: input.body,
        tags: input.tags ?? [],
        status: input.status ?? 'published',
      });
      return (await toDtos(tx, workspaceId, [row]))[0];
    });
  }

  update(workspaceId: string, id: string, changes: UpdateKnowledgeArticleRequest): Promise<KnowledgeArticleDto> {
    return this.unitOfWork.run(async (tx) => {
      await tx.locks.lockForTransaction(`knowledge:${workspaceId}`);
      const existing = await tx.knowledge.findById(workspaceId, id);
      if (existing === null) {
        throw notFound(id);
      }
      if (changes.title !== undefined) {
        await assertTitleFree(tx, workspaceId, changes.title, id);
      }
      const row = await writeArticle(tx, workspaceId, existing, changes);
      return (await toDtos(tx, workspaceId, [row]))[0];
    });
  }

  async delete(workspaceId: string, id: string): Promise<void> {
    if (!(await this.repositories.knowledge.delete(workspaceId, id))) {
      throw notFound(id);
    }
  }

  /** Articles of one file: JSON (the request schema), CSV or Markdown, parsed and validated here. */
  async importFile(workspaceId: string, file: KnowledgeImportFile): Promise<ImportKnowledgeArticlesResultDto> {
    return this.importArticles(workspaceId, validateImport(parseImportFile(file)));
  }

  /** Inside `tx` when given (the first start seeds the sample articles in the workspace's own transaction). */
  importArticles(
    workspaceId: string,
    input: ImportKnowledgeArticlesRequest,
    tx?: Repositories,
  ): Promise<ImportKnowledgeArticlesResultDto> {
    const request = importKnowledgeArticlesRequestSchema.parse(input);
    const work = async (repositories: Repositories): Promise<ImportKnowledgeArticlesResultDto> => {
      await repositories.locks.lockForTransaction(`knowledge:${workspaceId}`);
      assertDistinctTitles(request.articles.map((article) => article.title));
      const existing = await Promise.all(
        request.articles.map((article) => repositories.knowledge.findByTitle(workspaceId, article.title)),
      );
      if (request.mode === 'create') {
        const taken = existing.filter((row) => row !== null).map((row) => `"${row.title}"`);
        if (taken.length > 0) {
          throw new KnowledgeError(
            KnowledgeErrorCode.TitleTaken,
            `Articles with these titles already exist: ${taken.slice(0, 10).join(', ')}${taken.length > 10 ? ', …' : ''}`,
          );
        }
      }
      await assertRoomFor(repositories, workspaceId, existing.filter((row) => row === null).length);
      const rows: KnowledgeArticleEntity[] = [];
      for (const [i, article] of request.articles.entries()) {
        rows.push(await writeArticle(repositories, workspaceId, existing[i], article));
      }
      const updated = existing.filter((row) => row !== null).length;
      return {
        created: rows.length - updated,
        updated,
        data: await toDtos(repositories, workspaceId, rows),
      };
    };
    return tx === undefined ? this.unitOfWork.run(work) : work(tx);
  }

  /** What the bot would retrieve for this question (published articles only). */
  async search(workspaceId: string, query: string, limit: number): Promise<KnowledgeSearchResultDto> {
    return { data: await this.retrieval.retrieve(workspaceId, { newest: query, context: [] }, limit) };
  }
}

/** Creates (when `existing` is null) or changes an article; a new title or body re-chunks it. */
async function writeArticle(
  tx: Repositories,
  workspaceId: string,
  existing: KnowledgeArticleEntity | null,
  values: Partial<NewKnowledgeArticle>,
): Promise<KnowledgeArticleEntity> {
  let row: KnowledgeArticleEntity | null;
  if (existing === null) {
    row = await tx.knowledge.create(workspaceId, {
      title: values.title ?? '',
      body: values.body ?? '',
      tags: values.tags ?? [],
      status: values.status ?? 'published',
    });
  } else {
    row = await tx.knowledge.update(workspaceId, existing.id, values);
    if (row === null) {
      throw notFound(existing.id);
    }
  }
  if (existing === null || existing.title !== row.title || existing.body !== row.body) {
    await tx.knowledge.replaceChunks(workspaceId, row.id, row.title, chunkArticle(row.title, row.body));
  }
  return row;
}

function validateImport(parsed: ParsedImport): ImportRequest {
  const result = importKnowledgeArticlesRequestSchema.safeParse(parsed.request);
  if (result.success) {
    return result.data;
  }
  throw new RequestValidationError(
    result.error.issues.map((issue) => {
      const [first, index, ...rest] = issue.path.map(String);
      // An article's field is named by where it is in the file (`row 3.title`, `document 2.body`).
      const field =
        first === 'articles' && index !== undefined && /^\d+$/.test(index)
          ? [parsed.labelOf(Number(index)), ...rest].join('.')
          : [parsed.location, ...issue.path.map(String)].join('.');
      return { field, message: issue.message };
    }),
  );
}

function assertDistinctTitles(titles: string[]): void {
  const seen = new Map<string, number>();
  for (const [i, title] of titles.entries()) {
    const key = title.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      throw new KnowledgeError(
        KnowledgeErrorCode.TitleTaken,
        `The title "${title}" appears twice in the import (articles ${first + 1} and ${i + 1})`,
      );
    }
    seen.set(key, i);
  }
}

async function assertRoomFor(tx: Repositories, workspaceId: string, added: number): Promise<void> {
  if (added > 0 && (await tx.knowledge.count(workspaceId)) + added > MAX_KNOWLEDGE_ARTICLES) {
    throw new KnowledgeError(
      KnowledgeErrorCode.LimitReached,
      `A workspace keeps at most ${MAX_KNOWLEDGE_ARTICLES} knowledge articles`,
    );
  }
}

async function assertTitleFree(
  tx: Repositories,
  workspaceId: string,
  title: string,
  exceptId: string | null,
): Promise<void> {
  const existing = await tx.knowledge.findByTitle(workspaceId, title);
  if (existing !== null && existing.id !== exceptId) {
    throw new KnowledgeError(KnowledgeErrorCode.TitleTaken, `An article titled "${existing.title}" already exists`);
  }
}

function notFound(id: string): KnowledgeError {
  return new KnowledgeError(KnowledgeErrorCode.NotFound, `Knowledge article ${id} does not exist in this workspace`);
}

async function toDtos(
  repositories: Repositories,
  workspaceId: string,
  rows: KnowledgeArticleEntity[],
): Promise<KnowledgeArticleDto[]> {
  const counts = await repositories.knowledge.chunkCounts(
    workspaceId,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    body: row.body,
    tags: row.tags,
    status: row.status,
    chunkCount: counts.get(row.id) ?? 0,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }));
}
