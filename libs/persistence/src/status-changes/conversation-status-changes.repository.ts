import type { ConversationStatus, HandoffReason } from '@neodesk/contracts';
import type { EntityManager, Repository } from 'typeorm';
import { ConversationStatusChangeEntity } from './conversation-status-change.entity';

export interface NewStatusChange {
  workspaceId: string;
  conversationId: string;
  fromStatus: ConversationStatus;
  toStatus: ConversationStatus;
  reason: HandoffReason | null;
  agentId: string | null;
}

/** The history of status changes the reports read (handoffs, resolves, reopens). */
export class ConversationStatusChangesRepository {
  private readonly repo: Repository<ConversationStatusChangeEntity>;

  constructor(manager: EntityManager) {
    this.repo = manager.getRepository(ConversationStatusChangeEntity);
  }

  /** Call in the transaction that changes the status, so a change is never stored without its record. */
  async record(change: NewStatusChange): Promise<void> {
    await this.repo.insert(change);
  }
}
