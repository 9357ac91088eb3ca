import type { MessageAuthor } from '@neodesk/contracts';
import { EntityManager, type EntityMetadata, type ObjectLiteral, In, LessThan, MoreThan, Repository } from 'typeorm';
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

  /** The stored row with every column, from one INSERT ... RETURNING (save() adds persistence bookkeeping). */
  async insert(message: NewMessage): Promise<MessageEntity> {
    const result = await this.repo
      .createQueryBuilder()
      .insert()
      .into(MessageEntity)
      .values(message)
      .returning('*')
      .updateEntity(false)
      .execute();
    const rows = result.raw as Array<Record<string, unknown>>;
    return hydrate<MessageEntity>(this.repo.manager, this.repo.metadata, rows[0]);
  }

  /** Hand-written like ConversationsRepository.findById: every message looks its client id up. */
  async findByClientMessageId(
    workspaceId: string,
    conversationId: string,
    clientMessageId: string,
  ): Promise<MessageEntity | null> {
    const rows = await this.repo.manager.query<Array<Record<string, unknown>>>(
      `SELECT ${selectList(this.repo.metadata)} FROM messages
       WHERE workspace_id = $1 AND conversation_id = $2 AND client_message_id = $3 LIMIT 1`,
      [workspaceId, conversationId, clientMessageId],
    );
    return rows.length === 0 ? null : hydrate<MessageEntity>(this.repo.manager, this.repo.metadata, rows[0]);
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

const selectLists = new WeakMap<EntityMetadata, string>();

/** The columns TypeORM's find selects, quoted, for a SELECT. */
function selectList(metadata: EntityMetadata): string {
  let list = selectLists.get(metadata);
  if (list === undefined) {
    list = selectedColumns(metadata)
      .map((column) => `"${column.databaseName}"`)
      .join(', ');
    selectLists.set(metadata, list);
  }
  return list;
}

function selectedColumns(metadata: EntityMetadata): EntityMetadata['columns'] {
  return metadata.columns.filter((column) => column.isSelect);
}

/** An entity from a raw row, each value converted as TypeORM converts the rows it loads. */
function hydrate<T extends ObjectLiteral>(
  manager: EntityManager,
  metadata: EntityMetadata,
  row: Record<string, unknown>,
): T {
  const entity = metadata.create() as T;
  for (const column of selectedColumns(metadata)) {
    column.setEntityValue(entity, manager.connection.driver.prepareHydratedValue(row[column.databaseName], column));
  }
  return entity;
}
