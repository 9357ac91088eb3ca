import { Link } from 'react-router';
import { useArticleFilters } from '../hooks/useArticleFilters';
import { useKnowledgeArticles } from '../hooks/useKnowledgeArticles';
import { ArticleFiltersBar } from './ArticleFiltersBar';
import { ArticleList } from './ArticleList';

/** The workspace's articles: searched and filtered by status (in the URL), each opening its editor. */
export function KnowledgeArticles() {
  const [filters, setFilters] = useArticleFilters();
  const articles = useKnowledgeArticles(filters);
  const filtered = filters.q.trim() !== '' || filters.status !== '';
  const count = articles.data?.length ?? 0;
  return (
    <section className="card" aria-labelledby="knowledge-articles-title" aria-busy={articles.isFetching}>
      <div className="access-card-head">
        <h2 id="knowledge-articles-title">Articles</h2>
        <Link to="/settings/knowledge/new" className="button button--primary">
          New article
        </Link>
      </div>
      {articles.isPending ? (
        <p role="status">Loading…</p>
      ) : articles.isError ? (
        <p className="banner banner--error" role="alert">
          The articles could not be loaded: {articles.error.message}
        </p>
      ) : !filtered && count === 0 ? (
        <div className="knowledge-empty">
          <p className="knowledge-empty__title">No articles yet</p>
          <p>
            The bot answers customers from the <strong>published</strong> articles here — shipping countries and times,
            returns, payment methods, opening hours — and shows “Source: <em>title</em>” under each answer. A question
            no article covers goes to a person from your team.
          </p>
          <p className="muted">
            Write the first article, or import the ones you have below (a JSON, CSV or Markdown file).
          </p>
        </div>
      ) : (
        <>
          <ArticleFiltersBar filters={filters} onChange={setFilters} />
          <p className="knowledge-count" role="status">
            {filtered
              ? `${count} ${count === 1 ? 'article matches' : 'articles match'} the filter.`
              : `${count} ${count === 1 ? 'article' : 'articles'}.`}
          </p>
          {count === 0 ? (
            <div className="knowledge-empty">
              <p>No article matches{filters.q.trim() !== '' ? ` “${filters.q.trim()}”` : ''}.</p>
              <button type="button" className="button" onClick={() => setFilters({ q: '', status: '' })}>
                Show all articles
              </button>
            </div>
          ) : (
            <ArticleList articles={articles.data} />
          )}
        </>
      )}
    </section>
  );
}
