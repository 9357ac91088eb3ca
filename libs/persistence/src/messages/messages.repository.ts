import type { ConversationStatus, MessageAuthor } from '@neodesk/contracts';
import { EntityManager, type EntityMetadata, In, LessThan, MoreThan, Repository } from 'typeorm';
import { ConversationEntity } from '../conversations/conversation.entity';
import { UNIQUE_VIOLATION, hydrate, prefixed, queryPrepared, selectList, unprefixed } from '../database/raw-rows';
import { MessageEntity, authorNameSql } from './message.entity';

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
      | 'meanTokenProbability'
      | 'minTokenProbability'
      | 'sources'
    >
  >;

/** A message written by a person (customer or agent): the common case, stored in one statement. */
export interface DirectAppend {
  workspaceId: string;
  conversationId: string;
  author: 'customer' | 'agent';
  authorUserId: string | null;
  text: string;
  clientMessageId: string | null;
  /** Only if the conversation belongs to this visitor. */
  visitorId?: string;
  /** The status a resolved conversation takes with this message (the caller's rule); null: it stays resolved. */
  reopenResolvedAs: ConversationStatus | null;
}

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
    const stored = this.hydrateMessage(rows[0]);
    // Off the hot path (bot replies, and people's messages in a transaction): one lookup, and only for a user.
    if (stored.authorUserId !== null) {
      const [user] = await this.repo.manager.query<Array<{ display_name: string }>>(
        'SELECT display_name FROM users WHERE id = $1',
        [stored.authorUserId],
      );
      stored.authorName = user?.display_name ?? null;
    }
    return stored;
  }

  /** Hand-written like ConversationsRepository.findById: every message looks its client id up. */
  async findByClientMessageId(
    workspaceId: string,
    conversationId: string,
    clientMessageId: string,
  ): Promise<MessageEntity | null> {
    const rows = await this.repo.manager.query<Array<Record<string, unknown>>>(
      `SELECT ${selectList(this.repo.metadata)}, (${authorNameSql('messages')}) AS author_name FROM messages
       WHERE workspace_id = $1 AND conversation_id = $2 AND client_message_id = $3 LIMIT 1`,
      [workspaceId, conversationId, clientMessageId],
    );
    return rows.length === 0 ? null : this.hydrateMessage(rows[0]);
  }

  /**
   * Takes the next sequence number and stores the message in one statement (one round trip, the row
   * locked by the UPDATE), returning both rows. Null when the conversation is not there (or not the
   * visitor's), or the client message id was already used: the caller then takes the careful path,
   * which tells those apart. A concurrent duplicate of the client id fails on the unique index and is
   * also answered with null, and so is a workspace with an enabled webhook for `message.created`: the
   * transaction writes the event to the outbox with the message.
   */
  async appendDirect(
    input: DirectAppend,
  ): Promise<{ message: MessageEntity; conversation: ConversationEntity } | null> {
    const conversations = this.repo.manager.getRepository(ConversationEntity).metadata;
    const sql = appendDirectSql(this.repo.metadata, conversations);
    let rows: Array<Record<string, unknown>>;
    try {
      // Prepared once per connection: PostgreSQL parses and plans this statement once, not per message.
      rows = await queryPrepared(this.repo.manager, 'neodesk_append_direct', sql, [
        input.conversationId,
        input.workspaceId,
        input.visitorId ?? null,
        input.clientMessageId,
        input.author,
        input.authorUserId,
        input.text,
        input.reopenResolvedAs,
      ]);
    } catch (error) {
      const code =
        (error as { code?: unknown }).code ?? (error as { driverError?: { code?: unknown } }).driverError?.code;
      if (code === UNIQUE_VIOLATION) {
        return null;
      }
      throw error;
    }
    if (rows.length === 0) {
      return null;
    }
    return {
      conversation: hydrate<ConversationEntity>(this.repo.manager, conversations, unprefixed(rows[0], 'c_')),
      message: this.hydrateMessage(unprefixed(rows[0], 'm_')),
    };
  }

  /** A row of a hand-written statement, with the author's name when the statement selected `author_name`. */
  private hydrateMessage(row: Record<string, unknown>): MessageEntity {
    const message = hydrate<MessageEntity>(this.repo.manager, this.repo.metadata, row);
    message.authorName = (row.author_name as string | null | undefined) ?? null;
    return message;
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

const appendDirectStatements = new WeakMap<EntityMetadata, string>();

/** The statement of appendDirect, built once per data source (its text is the same for every message). */
function appendDirectSql(messages: EntityMetadata, conversations: EntityMetadata): string {
  let sql = appendDirectStatements.get(messages);
  if (sql === undefined) {
    const reopen = "c.status = 'resolved' AND $8::text IS NOT NULL";
    sql = `
          WITH conv AS (
            UPDATE conversations c SET
              last_seq = c.last_seq + 1, last_message_at = now(), updated_at = now(),
              status = CASE WHEN ${reopen} THEN $8::text ELSE c.status END,
              assigned_agent_id = CASE WHEN ${reopen} THEN NULL ELSE c.assigned_agent_id END,
              resolved_at = CASE WHEN ${reopen} THEN NULL ELSE c.resolved_at END,
              status_changed_at = CASE WHEN ${reopen} THEN now() ELSE c.status_changed_at END
            WHERE c.id = $1 AND c.workspace_id = $2 AND ($3::text IS NULL OR c.visitor_id = $3)
              AND ($4::text IS NULL OR NOT EXISTS (
                SELECT 1 FROM messages m WHERE m.conversation_id = $1 AND m.client_message_id = $4))
              AND NOT EXISTS (SELECT 1 FROM webhooks w
                WHERE w.workspace_id = $2 AND w.is_active AND 'message.created' = ANY (w.events))
            RETURNING c.*
          ), msg AS (
            INSERT INTO messages (workspace_id, conversation_id, seq, author, author_user_id, text, client_message_id)
            SELECT $2, conv.id, conv.last_seq, $5, $6, $7, $4 FROM conv
            RETURNING *
          ), reopened AS (
            -- The statement runs in a transaction of its own, so status_changed_at = now() only when it reopened.
            INSERT INTO conversation_status_changes (workspace_id, conversation_id, from_status, to_status)
            SELECT $2, conv.id, 'resolved', conv.status FROM conv
            WHERE $8::text IS NOT NULL AND conv.status = $8::text AND conv.status_changed_at = now()
          )
          SELECT ${prefixed(conversations, 'conv', 'c_')}, ${prefixed(messages, 'msg', 'm_')},
            (${authorNameSql('msg')}) AS m_author_name
          FROM conv, msg`;
    appendDirectStatements.set(messages, sql);
  }
  return sql;
}
