import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateConversationsAndMessages1764150000001 implements MigrationInterface {
  name = 'CreateConversationsAndMessages1764150000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE conversations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL CONSTRAINT fk_conversations_workspace REFERENCES workspaces (id) ON DELETE CASCADE,
        visitor_id varchar(128) NOT NULL,
        customer jsonb,
        channel varchar(16) NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'bot',
        assigned_agent_id uuid CONSTRAINT fk_conversations_assignee REFERENCES users (id) ON DELETE SET NULL,
        labels text[] NOT NULL DEFAULT '{}',
        last_seq integer NOT NULL DEFAULT 0,
        metadata jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        last_message_at timestamptz,
        status_changed_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        -- Lets messages reference (conversation, workspace) so a message can never cross tenants.
        CONSTRAINT uq_conversations_id_workspace UNIQUE (id, workspace_id),
        CONSTRAINT ck_conversations_channel CHECK (channel IN ('web', 'api')),
        CONSTRAINT ck_conversations_status CHECK (status IN ('bot', 'waiting_human', 'human', 'resolved')),
        CONSTRAINT ck_conversations_last_seq CHECK (last_seq >= 0)
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_conversations_inbox ON conversations (workspace_id, status, last_message_at DESC NULLS LAST)`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_conversations_created ON conversations (workspace_id, created_at DESC, id DESC)`,
    );
    await queryRunner.query(`CREATE INDEX ix_conversations_visitor ON conversations (workspace_id, visitor_id)`);
    await queryRunner.query(
      `CREATE INDEX ix_conversations_assignee ON conversations (assigned_agent_id) WHERE assigned_agent_id IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL,
        conversation_id uuid NOT NULL,
        seq integer NOT NULL,
        author varchar(16) NOT NULL,
        author_user_id uuid CONSTRAINT fk_messages_author_user REFERENCES users (id) ON DELETE SET NULL,
        text text NOT NULL,
        client_message_id varchar(128),
        model_id varchar(200),
        model_version varchar(100),
        prompt_tokens integer,
        completion_tokens integer,
        queue_ms integer,
        time_to_first_token_ms integer,
        total_ms integer,
        finish_reason varchar(16),
        feedback varchar(16),
        feedback_comment text,
        feedback_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT fk_messages_conversation FOREIGN KEY (conversation_id, workspace_id)
          REFERENCES conversations (id, workspace_id) ON DELETE CASCADE,
        CONSTRAINT uq_messages_conversation_seq UNIQUE (conversation_id, seq),
        CONSTRAINT ck_messages_seq CHECK (seq > 0),
        CONSTRAINT ck_messages_author CHECK (author IN ('customer', 'bot', 'agent', 'system')),
        CONSTRAINT ck_messages_finish_reason CHECK (finish_reason IN ('stop', 'eos', 'length', 'cancelled', 'error')),
        CONSTRAINT ck_messages_feedback CHECK (feedback IN ('positive', 'negative')),
        CONSTRAINT ck_messages_generation_only_bot CHECK (author = 'bot' OR model_id IS NULL)
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_messages_client_message_id ON messages (conversation_id, client_message_id) WHERE client_message_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX ix_messages_workspace_created ON messages (workspace_id, created_at)`);
    // 'simple' keeps every word (no English stemming or stop words): customers write in many languages.
    await queryRunner.query(`CREATE INDEX ix_messages_text_search ON messages USING gin (to_tsvector('simple', text))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE messages`);
    await queryRunner.query(`DROP TABLE conversations`);
  }
}
