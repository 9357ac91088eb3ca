import type { KnowledgePassageDto } from '@neodesk/contracts';

/** What to retrieve passages for: the customer's newest message, and recent turns for follow-ups. */
export interface KnowledgeQuery {
  /** The newest customer message (weighs most). */
  newest: string;
  /** Earlier turns, newest first (customer and bot text), for follow-ups such as "and apple pay?". */
  context: string[];
}

/**
 * Passages of a workspace's published articles, best first. The bot reply flow depends on this, the knowledge
 * module provides it (`KnowledgeRetrievalService`).
 */
export abstract class KnowledgeRetriever {
  abstract retrieve(workspaceId: string, query: KnowledgeQuery, limit: number): Promise<KnowledgePassageDto[]>;
}
