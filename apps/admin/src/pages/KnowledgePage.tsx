import { ImportArticles } from '../features/knowledge/components/ImportArticles';
import { KnowledgeArticles } from '../features/knowledge/components/KnowledgeArticles';
import { TestQuestion } from '../features/knowledge/components/TestQuestion';
import { usePageNotice } from '../features/knowledge/hooks/usePageNotice';

export function KnowledgePage() {
  const notice = usePageNotice();
  return (
    <div className="settings knowledge" aria-labelledby="knowledge-title">
      <h1 id="knowledge-title">Knowledge base</h1>
      <p className="muted">
        The help-centre articles the bot answers customers from: write them, import them from files, and test what the
        bot finds for a question.
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
