import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change of a conversation's status from now on, with why it went to a person: the reports' handoff
 * times and reasons, and reopens, come from here (nothing before this migration recorded them).
 */
export class CreateConversationStatusChanges1796240000000 implements MigrationInterface {
  name = 'CreateConversationStatusChanges1796240000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE conversation_status_changes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL,
        conversation_id uuid NOT NULL,
        from_status varchar(16) NOT NULL,
        to_status varchar(16) NOT NULL,
        reason varchar(32),
        agent_id uuid CONSTRAINT fk_conversation_status_changes_agent REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT fk_conversation_status_changes_conversation FOREIGN KEY (conversation_id, workspace_id)
          REFERENCES conversations (id, workspace_id) ON DELETE CASCADE,
        CONSTRAINT ck_conversation_status_changes_reason CHECK (reason IN
          ('visitor_request', 'handoff_phrase', 'agent_takeover', 'api_request', 'bot_unavailable', 'bot_failed'))
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_conversation_status_changes_conversation ON conversation_status_changes (conversation_id, created_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE conversation_status_changes`);
  }
}
