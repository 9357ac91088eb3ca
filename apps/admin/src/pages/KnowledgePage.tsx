import { useLocation } from 'react-router';
import { ImportArticles } from '../features/knowledge/components/ImportArticles';
import { KnowledgeArticles } from '../features/knowledge/components/KnowledgeArticles';
import { TestQuestion } from '../features/knowledge/components/TestQuestion';

export function KnowledgePage() {
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  return (
    <div className="settings knowledge" aria-labelledby="knowledge-title">
      <h1 id="knowledge-title">Knowledge base</h1>
      <p className="muted">
        Your help-centre articles. The bot answers customers from the published ones, shows “Source: <em>title</em>”
        under each answer, and hands a question no article covers to your team.
      </p>
      <p className={notice !== undefined ? 'banner banner--success' : 'visually-hidden'} role="status">
        {notice ?? ''}
      </p>
      <KnowledgeArticles />
      <TestQuestion />
      <ImportArticles />
    </div>
  );
}
