import type { KnowledgeArticleStatus } from '@neodesk/contracts';

const LABELS: Record<KnowledgeArticleStatus, string> = { published: 'Published', draft: 'Draft' };

/** Published (the bot answers from it) or Draft (never retrieved). */
export function StatusBadge({ status }: { status: KnowledgeArticleStatus }) {
  return <span className={`badge badge--knowledge-${status}`}>{LABELS[status]}</span>;
}
