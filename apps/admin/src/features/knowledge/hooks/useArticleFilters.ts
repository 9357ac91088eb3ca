import { KNOWLEDGE_ARTICLE_STATUSES, type KnowledgeArticleStatus } from '@neodesk/contracts';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { ArticleFilters } from '../knowledge-api';

function statusOf(value: string | null): KnowledgeArticleStatus | '' {
  return KNOWLEDGE_ARTICLE_STATUSES.find((status) => status === value) ?? '';
}

/** The list's search and status filter, kept in the URL so a filtered list can be shared and reloaded. */
export function useArticleFilters(): [ArticleFilters, (next: ArticleFilters) => void] {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const status = statusOf(params.get('status'));
  const filters = useMemo(() => ({ q, status }), [q, status]);
  const set = (next: ArticleFilters) => {
    const nextParams = new URLSearchParams();
    if (next.q.trim() !== '') {
      nextParams.set('q', next.q);
    }
    if (next.status !== '') {
      nextParams.set('status', next.status);
    }
    // Typing in the search box replaces the entry: Back leaves the page instead of undoing letters.
    setParams(nextParams, { replace: true });
  };
  return [filters, set];
}
