import type { MessageAuthor } from '@neodesk/contracts';
import { EntityManager, In, LessThan, MoreThan, Repository } from 'typeorm';
import { MessageEntity } from './message.entity';

export type NewMessage = Pick<
  MessageEntity,
  'workspaceId' | 'conversationId' | 'seq' | 'author' | 'authorUserId' | 'text' | 'clientMessageId'
> &
  Partial<
    Pick<
      MessageEntity,
      | 'modelId'
      | 'modelVersion'
      | 'promptTokens'
      | 'completionTokens'
      | 'queueMs'
      | 'timeToFirstTokenMs'
      | 'totalMs'
      | 'finishReason'
    >
  >;

export interface MessagePageQuery {
  /** Messages with a sequence number greater than this, oldest first. */
  afterSeq?: number;
  /** Messages with a sequence number smaller than this, newest first in the query, returned oldest first. */
  beforeSeq?: number;
  limit: number;
}

export interface MessageSearchHit {
  conversationId: string;
  messageId: string;
  seq: number;
  text: string;
  rank: number;
}

/** Every method is scoped by workspace id: a tenant can only ever reach its own rows. */
export class MessagesRepository {
  private readonly repo: Repository<MessageEntity>;

  constructor(manager: EntityManager) {
    this.repo = manager.getRepository(MessageEntity);
  }

  insert(message: NewMessage): Promise<MessageEntity> {
    return this.repo.save(this.repo.create(message));
  }

  findByClientMessageId(
    workspaceId: string,
    conversationId: string,
    clientMessageId: string,
  ): Promise<MessageEntity | null> {
    return this.repo.findOneBy({ workspaceId, conversationId, clientMessageId });
  }

  /** Whether someone of `author` wrote after `afterSeq` (a bot reply is stale once the customer wrote again). */
  existsAfter(workspaceId: string, conversationId: string, author: MessageAuthor, afterSeq: number): Promise<boolean> {
    return this.repo.existsBy({ workspaceId, conversationId, author, seq: MoreThan(afterSeq) });
  }

  /** A page of the transcript in sequence order. */
  async page(workspaceId: string, conversationId: string, query: MessagePageQuery): Promise<MessageEntity[]> {
    if (query.beforeSeq !== undefined) {
      const newestFirst = await this.repo.find({
        where: { workspaceId, conversationId, seq: LessThan(query.beforeSeq) },
        order: { seq: 'DESC' },
        take: query.limit,
      });
      return newestFirst.reverse();
    }
    return this.repo.find({
      where: { workspaceId, conversationId, seq: MoreThan(query.afterSeq ?? 0) },
      order: { seq: 'ASC' },
      take: query.limit,
    });
  }

  /** The newest `limit` messages by the given authors, oldest first: the raw material of a prompt. */
  async lastTurns(
    workspaceId: string,
    conversationId: string,
    limit: number,
    authors: readonly MessageAuthor[],
  ): Promise<MessageEntity[]> {
    const newestFirst = await this.repo.find({
      where: { workspaceId, conversationId, author: In([...authors]) },
      order: { seq: 'DESC' },
      take: limit,
    });
    return newestFirst.reverse();
  }

  /** Full-text search over message text within one workspace (uses ix_messages_text_search). */
  search(workspaceId: string, text: string, limit: number): Promise<MessageSearchHit[]> {
    const matches = "to_tsvector('simple', message.text) @@ plainto_tsquery('simple', :text)";
    return this.repo
      .createQueryBuilder('message')
      .select('message.conversationId', 'conversationId')
      .addSelect('message.id', 'messageId')
      .addSelect('message.seq', 'seq')
      .addSelect('message.text', 'text')
      .addSelect("ts_rank(to_tsvector('simple', message.text), plainto_tsquery('simple', :text))", 'rank')
      .where('message.workspaceId = :workspaceId', { workspaceId })
      .andWhere(matches, { text })
      .orderBy('rank', 'DESC')
      .addOrderBy('message.createdAt', 'DESC')
      .limit(limit)
      .getRawMany<MessageSearchHit>();
  }
}
