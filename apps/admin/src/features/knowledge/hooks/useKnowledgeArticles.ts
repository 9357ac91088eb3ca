import type { KnowledgeArticleDto, UpdateKnowledgeArticleRequest } from '@neodesk/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type ArticleFilters,
  createArticle,
  deleteArticle,
  getArticle,
  importArticles,
  knowledgeKeys,
  listArticles,
  updateArticle,
} from '../knowledge-api';

/** The filtered list; the previous answer stays on screen while the next one loads. */
export function useKnowledgeArticles(filters: ArticleFilters) {
  return useQuery({
    queryKey: knowledgeKeys.list(filters),
    queryFn: () => listArticles(filters),
    placeholderData: keepPreviousData,
  });
}

export function useKnowledgeArticle(id: string | undefined) {
  return useQuery({
    queryKey: knowledgeKeys.article(id ?? ''),
    queryFn: () => getArticle(id ?? ''),
    enabled: id !== undefined,
    // A missing article stays missing: no retry before saying so.
    retry: false,
  });
}

/** After any write: the lists refetch, and the written article's own entry holds its new state. */
function useArticleWritten() {
  const queryClient = useQueryClient();
  return (article?: KnowledgeArticleDto) => {
    if (article !== undefined) {
      queryClient.setQueryData(knowledgeKeys.article(article.id), article);
    }
    return queryClient.invalidateQueries({ queryKey: knowledgeKeys.lists });
  };
}

export function useCreateArticle() {
  const written = useArticleWritten();
  return useMutation({ mutationFn: createArticle, onSuccess: (article) => written(article) });
}

export function useUpdateArticle(id: string) {
  const written = useArticleWritten();
  return useMutation({
    mutationFn: (changes: UpdateKnowledgeArticleRequest) => updateArticle(id, changes),
    onSuccess: (article) => written(article),
  });
}

export function useDeleteArticle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (article: KnowledgeArticleDto) => deleteArticle(article.id),
    // The open editor keeps its article until the page moves on; the lists drop it.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: knowledgeKeys.lists }),
  });
}

export function useImportArticles() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: importArticles,
    // Imported articles may replace ones already open elsewhere: drop every cached article too.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: knowledgeKeys.all }),
  });
}
