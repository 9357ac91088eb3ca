import { EntityManager, Repository } from 'typeorm';
import { hydrate, selectList } from '../database/raw-rows';
import { authorNameSql, MessageEntity } from '../messages/message.entity';

export interface InboxCounts {
  mine: number;
  unassigned: number;
  waiting: number;
  bot: number;
  resolved: number;
  all: number;
}

/** Read models of the agent dashboard's inbox; every query is scoped by workspace id. */
export class InboxRepository {
  private readonly messages: Repository<MessageEntity>;

  constructor(private readonly manager: EntityManager) {
    this.messages = manager.getRepository(MessageEntity);
  }

  /** One pass over the workspace's conversations, counting each view's rows (the same filters the views list with). */
  async counts(workspaceId: string, userId: string | null): Promise<InboxCounts> {
    const [row] = await this.manager.query<Array<Record<keyof InboxCounts, number>>>(
      `SELECT count(*) FILTER (WHERE status IN ('waiting_human', 'human') AND assigned_agent_id = $2)::int AS mine,
              count(*) FILTER (WHERE status <> 'resolved' AND assigned_agent_id IS NULL)::int AS unassigned,
              count(*) FILTER (WHERE status = 'waiting_human')::int AS waiting,
              count(*) FILTER (WHERE status = 'bot')::int AS bot,
              count(*) FILTER (WHERE status = 'resolved')::int AS resolved,
              count(*)::int AS "all"
         FROM conversations WHERE workspace_id = $1`,
      [workspaceId, userId],
    );
    return row;
  }

  /**
   * The newest message of each conversation, or with `text` its newest message matching the words
   * (full-text, `simple` configuration, as the conversation search).
   */
  async previews(workspaceId: string, conversationIds: readonly string[], text?: string): Promise<MessageEntity[]> {
    const match = text === undefined ? '' : `AND to_tsvector('simple', m.text) @@ plainto_tsquery('simple', $3)`;
    const rows = await this.manager.query<Array<Record<string, unknown>>>(
      `SELECT DISTINCT ON (m.conversation_id) ${selectList(this.messages.metadata)},
              (${authorNameSql('m')}) AS author_name
         FROM messages m
        WHERE m.workspace_id = $1 AND m.conversation_id = ANY($2::uuid[]) ${match}
        ORDER BY m.conversation_id, m.seq DESC`,
      text === undefined ? [workspaceId, conversationIds] : [workspaceId, conversationIds, text],
    );
    return rows.map((row) => {
      const message = hydrate<MessageEntity>(this.manager, this.messages.metadata, row);
      message.authorName = (row.author_name as string | null) ?? null;
      return message;
    });
  }
}
