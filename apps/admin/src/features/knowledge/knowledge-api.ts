import type {
  CreateKnowledgeArticleRequest,
  ImportKnowledgeArticlesRequest,
  ImportKnowledgeArticlesResultDto,
  KnowledgeArticleDto,
  KnowledgeArticleStatus,
  KnowledgePassageDto,
  UpdateKnowledgeArticleRequest,
} from '@neodesk/contracts';
import { apiFetch, jsonBody } from '../../shared/api/api-client';

/** The list's filters as the URL and `GET /api/v1/knowledge/articles` carry them. */
export interface ArticleFilters {
  q: string;
  status: KnowledgeArticleStatus | '';
}

export const knowledgeKeys = {
  all: ['knowledge'] as const,
  lists: ['knowledge', 'list'] as const,
  list: (filters: ArticleFilters) => ['knowledge', 'list', filters] as const,
  article: (id: string) => ['knowledge', 'article', id] as const,
};

const ARTICLES = '/api/v1/knowledge/articles';

export async function listArticles(filters: ArticleFilters): Promise<KnowledgeArticleDto[]> {
  const params = new URLSearchParams();
  if (filters.q.trim() !== '') {
    params.set('q', filters.q.trim());
  }
  if (filters.status !== '') {
    params.set('status', filters.status);
  }
  const query = params.size > 0 ? `?${params.toString()}` : '';
  return (await apiFetch<{ data: KnowledgeArticleDto[] }>(`${ARTICLES}${query}`)).data;
}

export function getArticle(id: string): Promise<KnowledgeArticleDto> {
  return apiFetch<KnowledgeArticleDto>(`${ARTICLES}/${encodeURIComponent(id)}`);
}

export function createArticle(article: CreateKnowledgeArticleRequest): Promise<KnowledgeArticleDto> {
  return apiFetch<KnowledgeArticleDto>(ARTICLES, { method: 'POST', body: jsonBody(article) });
}

export function updateArticle(id: string, changes: UpdateKnowledgeArticleRequest): Promise<KnowledgeArticleDto> {
  return apiFetch<KnowledgeArticleDto>(`${ARTICLES}/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: jsonBody(changes),
  });
}

export function deleteArticle(id: string): Promise<void> {
  return apiFetch<void>(`${ARTICLES}/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** What an import sends: the articles as JSON, or a file's own text for the service to parse. */
export type ImportPayload =
  | { kind: 'json'; request: ImportKnowledgeArticlesRequest }
  | { kind: 'text'; contentType: 'text/csv' | 'text/markdown'; text: string; mode: 'upsert' | 'create' };

export function importArticles(payload: ImportPayload): Promise<ImportKnowledgeArticlesResultDto> {
  if (payload.kind === 'json') {
    return apiFetch('/api/v1/knowledge/import', { method: 'POST', body: jsonBody(payload.request) });
  }
  return apiFetch(`/api/v1/knowledge/import?mode=${payload.mode}`, {
    method: 'POST',
    body: payload.text,
    headers: { 'content-type': `${payload.contentType}; charset=utf-8` },
  });
}

export async function searchKnowledge(query: string, limit: number): Promise<KnowledgePassageDto[]> {
  return (
    await apiFetch<{ data: KnowledgePassageDto[] }>('/api/v1/knowledge/search', {
      method: 'POST',
      body: jsonBody({ query, limit }),
    })
  ).data;
}
