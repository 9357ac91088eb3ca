import type { ConversationChannel, ConversationStatus, CustomerProfile } from '@neodesk/contracts';
import { EntityManager, PessimisticLockTransactionRequiredError, Repository } from 'typeorm';
import { hydrate, selectList } from '../database/raw-rows';
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

/** Filters and keyset position of one page of a workspace's conversations, newest first by `sort`. */
export interface ConversationSearch {
  statuses?: readonly ConversationStatus[];
  /** A user id, or null for unassigned conversations. */
  assignedAgentId?: string | null;
  label?: string;
  createdFrom?: Date;
  createdTo?: Date;
  updatedFrom?: Date;
  updatedTo?: Date;
  /** Conversations with a message matching these words (full-text, `simple` configuration). */
  text?: string;
  sort: 'createdAt' | 'updatedAt';
  /** The sort key and id of the last row of the previous page. */
  after?: ConversationPosition;
  limit: number;
}

/** Where a row sits in a keyset page: its sort timestamp with microseconds (ISO 8601, UTC) and its id. */
export interface ConversationPosition {
  at: string;
  id: string;
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
    return this.selectOne('WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
  }

  /** Reads the row and locks it until the transaction ends; serializes appends to one conversation. */
  lockById(workspaceId: string, id: string): Promise<ConversationEntity | null> {
    // As TypeORM's setLock: outside a transaction the lock would be released at once.
    if (this.manager.queryRunner?.isTransactionActive !== true) {
      return Promise.reject(new PessimisticLockTransactionRequiredError());
    }
    return this.selectOne('WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [workspaceId, id]);
  }

  /** Takes the next sequence number and records message activity; call with the row locked. */
  async takeNextSeq(workspaceId: string, id: string, change?: ConversationStatusChange): Promise<number> {
    // Hand-written like selectOne (once per message); updated_at set as TypeORM sets an @UpdateDateColumn.
    const status =
      change === undefined ? '' : ', status = $3, assigned_agent_id = $4, resolved_at = $5, status_changed_at = now()';
    const [rows] = await this.manager.query<[Array<{ last_seq: number }>, number]>(
      `UPDATE conversations SET last_seq = last_seq + 1, last_message_at = now(), updated_at = now()${status}
       WHERE id = $1 AND workspace_id = $2 RETURNING last_seq`,
      change === undefined
        ? [id, workspaceId]
        : [id, workspaceId, change.status, change.assignedAgentId, change.resolvedAt],
    );
    if (rows.length !== 1) {
      throw new Error(`Conversation ${id} vanished while appending a message`);
    }
    return rows[0].last_seq;
  }

  /**
   * A maintenance query across every workspace: bot-owned conversations whose newest message is a
   * customer's, written between `from` and `to`: replies that never came.
   */
  findUnansweredByBot(from: Date, to: Date, limit: number): Promise<Array<{ workspaceId: string; id: string }>> {
    return this.manager.query(
      `SELECT c.workspace_id AS "workspaceId", c.id
         FROM conversations c
         JOIN messages m ON m.conversation_id = c.id AND m.seq = c.last_seq
        WHERE c.status = 'bot' AND m.author = 'customer' AND c.last_message_at >= $1 AND c.last_message_at < $2
        ORDER BY c.last_message_at
        LIMIT $3`,
      [from, to, limit],
    );
  }

  async setCustomer(workspaceId: string, id: string, customer: CustomerProfile | null): Promise<void> {
    await this.manager.query(
      `UPDATE conversations SET customer = $3::jsonb, updated_at = now() WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, id, customer === null ? null : JSON.stringify(customer)],
    );
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

  /**
   * One keyset page: rows strictly after `after` in (sort timestamp DESC, id DESC) order. Rows inserted
   * meanwhile sort before the position, so a traversal neither repeats nor skips a row. The position
   * carries the timestamp with microseconds (a JavaScript Date would round it and skip rows).
   */
  async search(
    workspaceId: string,
    filter: ConversationSearch,
  ): Promise<Array<{ conversation: ConversationEntity; position: ConversationPosition }>> {
    const column = filter.sort === 'updatedAt' ? 'c.updated_at' : 'c.created_at';
    const query = this.repo
      .createQueryBuilder('c')
      .addSelect(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'position_at')
      .where('c.workspace_id = :workspaceId', { workspaceId });
    if (filter.statuses !== undefined) {
      query.andWhere('c.status IN (:...statuses)', { statuses: filter.statuses });
    }
    if (filter.assignedAgentId === null) {
      query.andWhere('c.assigned_agent_id IS NULL');
    } else if (filter.assignedAgentId !== undefined) {
      query.andWhere('c.assigned_agent_id = :assignedAgentId', { assignedAgentId: filter.assignedAgentId });
    }
    if (filter.label !== undefined) {
      query.andWhere(':label = ANY(c.labels)', { label: filter.label });
    }
    // From inclusive, to exclusive.
    if (filter.createdFrom !== undefined) {
      query.andWhere('c.created_at >= :createdFrom', { createdFrom: filter.createdFrom });
    }
    if (filter.createdTo !== undefined) {
      query.andWhere('c.created_at < :createdTo', { createdTo: filter.createdTo });
    }
    if (filter.updatedFrom !== undefined) {
      query.andWhere('c.updated_at >= :updatedFrom', { updatedFrom: filter.updatedFrom });
    }
    if (filter.updatedTo !== undefined) {
      query.andWhere('c.updated_at < :updatedTo', { updatedTo: filter.updatedTo });
    }
    if (filter.text !== undefined) {
      query.andWhere(
        `EXISTS (SELECT 1 FROM messages m WHERE m.workspace_id = c.workspace_id AND m.conversation_id = c.id
           AND to_tsvector('simple', m.text) @@ plainto_tsquery('simple', :text))`,
        { text: filter.text },
      );
    }
    if (filter.after !== undefined) {
      query.andWhere(`(${column}, c.id) < (:afterAt::timestamptz, :afterId::uuid)`, {
        afterAt: filter.after.at,
        afterId: filter.after.id,
      });
    }
    const { entities, raw } = await query
      .orderBy(column, 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(filter.limit)
      .getRawAndEntities<{ position_at: string }>();
    return entities.map((conversation, i) => ({
      conversation,
      position: { at: raw[i].position_at, id: conversation.id },
    }));
  }

  async setLabels(workspaceId: string, id: string, labels: string[]): Promise<void> {
    await this.repo.update({ workspaceId, id }, { labels });
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

  /**
   * One row by a hand-written condition, hydrated as TypeORM hydrates. Every message reads its conversation
   * two or three times, and TypeORM's find took 1.8x the Node.js CPU of this for the same entity.
   */
  private async selectOne(condition: string, parameters: unknown[]): Promise<ConversationEntity | null> {
    const rows = await this.manager.query<Array<Record<string, unknown>>>(
      `SELECT ${selectList(this.repo.metadata)} FROM conversations ${condition}`,
      parameters,
    );
    return rows.length === 0 ? null : hydrate<ConversationEntity>(this.manager, this.repo.metadata, rows[0]);
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
