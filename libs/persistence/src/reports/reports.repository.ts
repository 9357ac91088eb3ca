import type { ConversationStatus, MessageAuthor } from '@neodesk/contracts';
import { EntityManager, type EntityMetadata, type ObjectLiteral } from 'typeorm';
import { ConversationEntity } from '../conversations/conversation.entity';
import { MessageEntity, authorNameSql } from '../messages/message.entity';

/** Where a row sits in an export walk: a timestamp with microseconds (ISO 8601, UTC) and an id. */
export interface ExportPosition {
  at: string;
  id: string;
}

/** Which replies can become training examples; both when neither is set. */
export interface TrainingCandidateFilter {
  /** Bot replies rated positive. */
  botPositive: boolean;
  /** Agent messages. */
  agentReplies: boolean;
  /** Written at or after. */
  from?: Date;
  /** Written before. */
  to?: Date;
  /** Dialogue messages before the reply to return with it, newest kept. */
  promptTurns: number;
  after?: ExportPosition;
  limit: number;
}

/** A reply that may become a training example, with the dialogue before it (system notices left out). */
export interface TrainingCandidate {
  messageId: string;
  conversationId: string;
  seq: number;
  author: MessageAuthor;
  text: string;
  createdAt: Date;
  /** Oldest first. */
  before: Array<{ author: MessageAuthor; text: string }>;
  position: ExportPosition;
}

export interface TranscriptFilter {
  statuses?: readonly ConversationStatus[];
  /** Conversations created at or after. */
  from?: Date;
  /** Conversations created before. */
  to?: Date;
  after?: TranscriptPosition;
  limit: number;
}

/** A conversation's position and the sequence number of its last message returned (0: none yet). */
export interface TranscriptPosition extends ExportPosition {
  seq: number;
}

/** One message of a transcript with its conversation; `message` is null for a conversation without any. */
export interface TranscriptRow {
  conversation: ConversationEntity;
  message: MessageEntity | null;
  position: TranscriptPosition;
}

const POSITION_AT = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Reads for exports and metrics: long walks in keyset pages (a position, not an offset, so rows written
 * meanwhile neither shift nor repeat a page) and cheap aggregates. Exports are scoped by workspace id.
 */
export class ReportsRepository {
  constructor(private readonly manager: EntityManager) {}

  /** One page of replies in (created_at, id) order, each with the dialogue before it. */
  async trainingCandidates(workspaceId: string, filter: TrainingCandidateFilter): Promise<TrainingCandidate[]> {
    const authors: string[] = [];
    if (filter.botPositive) {
      authors.push("(m.author = 'bot' AND m.feedback = 'positive')");
    }
    if (filter.agentReplies) {
      authors.push("m.author = 'agent'");
    }
    if (authors.length === 0) {
      return [];
    }
    const parameters: unknown[] = [workspaceId, filter.promptTurns, filter.limit];
    const conditions = [`m.workspace_id = $1`, `(${authors.join(' OR ')})`];
    if (filter.from !== undefined) {
      parameters.push(filter.from);
      conditions.push(`m.created_at >= $${parameters.length}`);
    }
    if (filter.to !== undefined) {
      parameters.push(filter.to);
      conditions.push(`m.created_at < $${parameters.length}`);
    }
    if (filter.after !== undefined) {
      parameters.push(filter.after.at, filter.after.id);
      conditions.push(`(m.created_at, m.id) > ($${parameters.length - 1}::timestamptz, $${parameters.length}::uuid)`);
    }
    // The dialogue comes from uq_messages_conversation_seq: the newest turns before the reply, then oldest first.
    const rows = await this.manager.query<
      Array<{
        id: string;
        conversation_id: string;
        seq: number;
        author: MessageAuthor;
        text: string;
        created_at: Date;
        position_at: string;
        before: Array<{ author: MessageAuthor; text: string }>;
      }>
    >(
      `SELECT m.id, m.conversation_id, m.seq, m.author, m.text, m.created_at,
              ${POSITION_AT('m.created_at')} AS position_at, dialogue.before
       FROM messages m
       CROSS JOIN LATERAL (
         SELECT coalesce(json_agg(json_build_object('author', t.author, 'text', t.text) ORDER BY t.seq), '[]'::json)
                AS before
         FROM (SELECT p.author, p.text, p.seq FROM messages p
               WHERE p.conversation_id = m.conversation_id AND p.workspace_id = m.workspace_id
                 AND p.seq < m.seq AND p.author <> 'system'
               ORDER BY p.seq DESC LIMIT $2) t
       ) dialogue
       WHERE ${conditions.join(' AND ')}
       ORDER BY m.created_at, m.id
       LIMIT $3`,
      parameters,
    );
    return rows.map((row) => ({
      messageId: row.id,
      conversationId: row.conversation_id,
      seq: row.seq,
      author: row.author,
      text: row.text,
      createdAt: row.created_at,
      before: row.before,
      position: { at: row.position_at, id: row.id },
    }));
  }

  /**
   * One page of transcript rows: conversations oldest first by (created_at, id), each with its messages by
   * sequence number; a long conversation may span pages.
   */
  async transcriptRows(workspaceId: string, filter: TranscriptFilter): Promise<TranscriptRow[]> {
    const conversations = this.manager.connection.getMetadata(ConversationEntity);
    const messages = this.manager.connection.getMetadata(MessageEntity);
    const parameters: unknown[] = [workspaceId, filter.limit];
    const conditions = ['c.workspace_id = $1'];
    if (filter.statuses !== undefined) {
      parameters.push([...filter.statuses]);
      conditions.push(`c.status = ANY($${parameters.length}::varchar[])`);
    }
    if (filter.from !== undefined) {
      parameters.push(filter.from);
      conditions.push(`c.created_at >= $${parameters.length}`);
    }
    if (filter.to !== undefined) {
      parameters.push(filter.to);
      conditions.push(`c.created_at < $${parameters.length}`);
    }
    if (filter.after !== undefined) {
      parameters.push(filter.after.at, filter.after.id, filter.after.seq);
      const [at, id, seq] = [parameters.length - 2, parameters.length - 1, parameters.length];
      // The first comparison narrows the conversations by index; the second is the exact position.
      conditions.push(`(c.created_at, c.id) >= ($${at}::timestamptz, $${id}::uuid)`);
      conditions.push(`(c.created_at, c.id, coalesce(m.seq, 0)) > ($${at}::timestamptz, $${id}::uuid, $${seq}::int)`);
    }
    const rows = await this.manager.query<Array<Record<string, unknown>>>(
      `SELECT ${selectList(conversations, 'c')}, ${selectList(messages, 'm')},
              (${authorNameSql('m')}) AS m_author_name, ${POSITION_AT('c.created_at')} AS position_at
       FROM conversations c
       LEFT JOIN messages m ON m.conversation_id = c.id AND m.workspace_id = c.workspace_id
       WHERE ${conditions.join(' AND ')}
       ORDER BY c.created_at, c.id, m.seq NULLS FIRST
       LIMIT $2`,
      parameters,
    );
    return rows.map((row) => {
      const conversation = hydrate<ConversationEntity>(this.manager, conversations, row, 'c');
      const message = row.m_id === null ? null : hydrate<MessageEntity>(this.manager, messages, row, 'm');
      if (message !== null) {
        message.authorName = (row.m_author_name as string | null) ?? null;
      }
      return {
        conversation,
        message,
        position: { at: row.position_at as string, id: conversation.id, seq: message?.seq ?? 0 },
      };
    });
  }

  /** Conversations of every workspace by status (for /metrics): one pass over ix_conversations_inbox. */
  async conversationCountsByStatus(): Promise<Array<{ status: ConversationStatus; count: number }>> {
    return this.manager.query(`SELECT status, count(*)::int AS count FROM conversations GROUP BY status`);
  }
}

/** The entity's selected columns, each aliased `<prefix>_<column>`. */
function selectList(metadata: EntityMetadata, prefix: string): string {
  return metadata.columns
    .filter((column) => column.isSelect && !column.isVirtualProperty)
    .map((column) => `${prefix}.${column.databaseName} AS ${prefix}_${column.databaseName}`)
    .join(', ');
}

/** An entity from the `<prefix>_` columns of a raw row, each value converted as TypeORM converts it. */
function hydrate<T extends ObjectLiteral>(
  manager: EntityManager,
  metadata: EntityMetadata,
  row: Record<string, unknown>,
  prefix: string,
): T {
  const entity = metadata.create() as T;
  for (const column of metadata.columns.filter((candidate) => candidate.isSelect && !candidate.isVirtualProperty)) {
    const value = row[`${prefix}_${column.databaseName}`];
    column.setEntityValue(entity, manager.connection.driver.prepareHydratedValue(value, column));
  }
  return entity;
}
