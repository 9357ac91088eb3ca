import type { ConversationChannel, ConversationStatus, CustomerProfile } from '@neodesk/contracts';
import { EntityManager, Repository } from 'typeorm';
import { ConversationEntity } from './conversation.entity';

export interface NewConversation {
  workspaceId: string;
  visitorId: string;
  channel: ConversationChannel;
  customer: CustomerProfile | null;
  metadata: Record<string, unknown>;
}

export interface ConversationStatusChange {
  status: ConversationStatus;
  assignedAgentId: string | null;
  resolvedAt: Date | null;
}

export interface ConversationListFilter {
  status?: ConversationStatus;
  visitorId?: string;
  limit: number;
}

/** Every method is scoped by workspace id: a tenant can only ever reach its own rows. */
export class ConversationsRepository {
  private readonly repo: Repository<ConversationEntity>;

  constructor(private readonly manager: EntityManager) {
    this.repo = manager.getRepository(ConversationEntity);
  }

  create(input: NewConversation): Promise<ConversationEntity> {
    return this.repo.save(this.repo.create({ ...input, status: 'bot', lastSeq: 0 }));
  }

  findById(workspaceId: string, id: string): Promise<ConversationEntity | null> {
    return this.repo.findOneBy({ workspaceId, id });
  }

  /** Reads the row and locks it until the transaction ends; serializes appends to one conversation. */
  lockById(workspaceId: string, id: string): Promise<ConversationEntity | null> {
    return this.repo
      .createQueryBuilder('conversation')
      .setLock('pessimistic_write')
      .where('conversation.id = :id AND conversation.workspaceId = :workspaceId', { id, workspaceId })
      .getOne();
  }

  /** Takes the next sequence number and records message activity; call with the row locked. */
  async takeNextSeq(workspaceId: string, id: string, change?: ConversationStatusChange): Promise<number> {
    const result = await this.repo
      .createQueryBuilder()
      .update(ConversationEntity)
      .set({
        lastSeq: () => 'last_seq + 1',
        lastMessageAt: () => 'now()',
        ...(change ? statusColumns(change) : {}),
      })
      .where('id = :id AND workspace_id = :workspaceId', { id, workspaceId })
      .returning(['lastSeq'])
      .execute();
    const rows = result.raw as Array<{ last_seq: number }>;
    if (rows.length !== 1) {
      throw new Error(`Conversation ${id} vanished while appending a message`);
    }
    return rows[0].last_seq;
  }

  async changeStatus(workspaceId: string, id: string, change: ConversationStatusChange): Promise<void> {
    await this.repo.update({ workspaceId, id }, statusColumns(change));
  }

  list(workspaceId: string, filter: ConversationListFilter): Promise<ConversationEntity[]> {
    return this.repo.find({
      where: {
        workspaceId,
        ...(filter.status === undefined ? {} : { status: filter.status }),
        ...(filter.visitorId === undefined ? {} : { visitorId: filter.visitorId }),
      },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: filter.limit,
    });
  }

  countByStatus(workspaceId: string): Promise<Array<{ status: ConversationStatus; count: number }>> {
    return this.repo
      .createQueryBuilder('conversation')
      .select('conversation.status', 'status')
      .addSelect('count(*)::int', 'count')
      .where('conversation.workspaceId = :workspaceId', { workspaceId })
      .groupBy('conversation.status')
      .getRawMany();
  }

  /** Deletes the conversation and, by cascade, its messages (erasure requests). */
  async delete(workspaceId: string, id: string): Promise<boolean> {
    const result = await this.repo.delete({ workspaceId, id });
    return (result.affected ?? 0) > 0;
  }
}

function statusColumns(change: ConversationStatusChange): ConversationStatusChange & { statusChangedAt: () => string } {
  return {
    status: change.status,
    assignedAgentId: change.assignedAgentId,
    resolvedAt: change.resolvedAt,
    statusChangedAt: () => 'now()',
  };
}
