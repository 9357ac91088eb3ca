import { EntityManager, Repository } from 'typeorm';
import { ConversationSatisfactionEntity } from './conversation-satisfaction.entity';

export interface SatisfactionAnswer {
  workspaceId: string;
  conversationId: string;
  score: number;
  comment: string | null;
}

/** Scoped by workspace like every repository. */
export class ConversationSatisfactionRepository {
  private readonly repo: Repository<ConversationSatisfactionEntity>;

  constructor(manager: EntityManager) {
    this.repo = manager.getRepository(ConversationSatisfactionEntity);
  }

  /** Stores the answer, replacing an earlier one (the last answer counts; created_at keeps the first). */
  async upsert(answer: SatisfactionAnswer): Promise<ConversationSatisfactionEntity> {
    await this.repo
      .createQueryBuilder()
      .insert()
      .values(answer)
      .orUpdate(['score', 'comment', 'updated_at'], ['conversation_id'])
      .execute();
    const row = await this.find(answer.workspaceId, answer.conversationId);
    if (row === null) {
      throw new Error(`Satisfaction of conversation ${answer.conversationId} vanished while being written`);
    }
    return row;
  }

  find(workspaceId: string, conversationId: string): Promise<ConversationSatisfactionEntity | null> {
    return this.repo.findOneBy({ workspaceId, conversationId });
  }
}
