import { Link, useParams } from 'react-router';
import { ArticleEditor } from '../features/knowledge/components/ArticleEditor';
import { StatusBadge } from '../features/knowledge/components/StatusBadge';
import { useKnowledgeArticle } from '../features/knowledge/hooks/useKnowledgeArticles';
import { usePageNotice } from '../features/knowledge/hooks/usePageNotice';
import { ApiError } from '../shared/api/api-error';
import { dateTime } from '../shared/format';

/** `/settings/knowledge/new` and `/settings/knowledge/:articleId`: one article's editor. */
export function KnowledgeArticlePage() {
  const { articleId } = useParams();
  const notice = usePageNotice();
  const article = useKnowledgeArticle(articleId);
  const back = (
    <Link to="/settings/knowledge" className="knowledge-back">
      ← Knowledge base
    </Link>
  );
  if (articleId === undefined) {
    return (
      <div className="settings knowledge" aria-labelledby="article-title">
        {back}
        <h1 id="article-title">New article</h1>
        <ArticleEditor />
      </div>
    );
  }
  return (
    <div className="settings knowledge" aria-labelledby="article-title">
      {back}
      <h1 id="article-title">Edit article</h1>
      {article.isPending ? (
        <p role="status">Loading…</p>
      ) : article.isError ? (
        <p className="banner banner--error" role="alert">
          {article.error instanceof ApiError && article.error.status === 404
            ? 'This article does not exist (any more): it may have been deleted.'
            : `The article could not be loaded: ${article.error.message}`}
        </p>
      ) : (
        <>
          <p className="knowledge-facts">
            <StatusBadge status={article.data.status} />
            <span>
              {article.data.chunkCount} {article.data.chunkCount === 1 ? 'passage' : 'passages'} for the bot
            </span>
            <span>Updated {dateTime(article.data.updatedAt)}</span>
          </p>
          <ArticleEditor key={article.data.id} saved={article.data} notice={notice} />
        </>
      )}
    </div>
  );
}
