import type { KnowledgeArticleDto } from '@neodesk/contracts';
import { Link } from 'react-router';
import { dateTime } from '../../../shared/format';
import { StatusBadge } from './StatusBadge';

/** The articles, newest change first: each title opens its editor. */
export function ArticleList({ articles }: { articles: KnowledgeArticleDto[] }) {
  return (
    <div className="access-scroll">
      <table className="data-table knowledge-table">
        <thead>
          <tr>
            <th scope="col">Title</th>
            <th scope="col">Status</th>
            <th scope="col">Tags</th>
            <th scope="col" className="data-table__number">
              Passages
            </th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {articles.map((article) => (
            <tr key={article.id} data-article-id={article.id}>
              <th scope="row" className="access-name knowledge-table__title">
                <Link to={`/settings/knowledge/${article.id}`}>{article.title}</Link>
              </th>
              <td>
                <StatusBadge status={article.status} />
              </td>
              <td>
                {article.tags.length === 0 ? (
                  <span className="muted">—</span>
                ) : (
                  <ul className="knowledge-tags" aria-label="Tags">
                    {article.tags.map((tag) => (
                      <li key={tag} className="chip">
                        {tag}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td className="data-table__number">{article.chunkCount}</td>
              <td className="knowledge-table__date">{dateTime(article.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
