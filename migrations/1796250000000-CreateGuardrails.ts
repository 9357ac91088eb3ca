import { MigrationInterface, QueryRunner } from 'typeorm';

const OLD_REASONS = [
  'visitor_request',
  'handoff_phrase',
  'agent_takeover',
  'api_request',
  'bot_unavailable',
  'bot_failed',
];
const NEW_REASONS = [...OLD_REASONS, 'guardrail', 'low_confidence', 'repeated_question', 'negative_ratings'];

function reasonCheck(reasons: string[]): string {
  return `ALTER TABLE conversation_status_changes ADD CONSTRAINT ck_conversation_status_changes_reason
    CHECK (reason IN (${reasons.map((reason) => `'${reason}'`).join(', ')}))`;
}

/**
 * Guardrails: each workspace's settings (one JSON document, validated by the API and read over the
 * defaults, so a new setting needs no migration), every decision a guardrail made (shown to agents in the
 * transcript), and the handoff reasons the guardrails add.
 */
export class CreateGuardrails1796250000000 implements MigrationInterface {
  name = 'CreateGuardrails1796250000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE guardrail_settings (
        workspace_id uuid PRIMARY KEY
          CONSTRAINT fk_guardrail_settings_workspace REFERENCES workspaces (id) ON DELETE CASCADE,
        settings jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE guardrail_decisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL,
        conversation_id uuid NOT NULL,
        rule varchar(32) NOT NULL,
        action varchar(32) NOT NULL,
        reply_id uuid,
        message_seq integer,
        excerpt text NOT NULL,
        detail text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT fk_guardrail_decisions_conversation FOREIGN KEY (conversation_id, workspace_id)
          REFERENCES conversations (id, workspace_id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_guardrail_decisions_conversation ON guardrail_decisions (conversation_id, created_at)`,
    );
    await queryRunner.query(
      `ALTER TABLE conversation_status_changes DROP CONSTRAINT ck_conversation_status_changes_reason`,
    );
    await queryRunner.query(reasonCheck(NEW_REASONS));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE conversation_status_changes DROP CONSTRAINT ck_conversation_status_changes_reason`,
    );
    await queryRunner.query(
      `UPDATE conversation_status_changes SET reason = 'bot_failed' WHERE reason NOT IN (${OLD_REASONS.map((reason) => `'${reason}'`).join(', ')})`,
    );
    await queryRunner.query(reasonCheck(OLD_REASONS));
    await queryRunner.query(`DROP TABLE guardrail_decisions`);
    await queryRunner.query(`DROP TABLE guardrail_settings`);
  }
}
