import { MigrationInterface, QueryRunner } from 'typeorm';

const OLD_REASONS = [
  'visitor_request',
  'handoff_phrase',
  'agent_takeover',
  'api_request',
  'bot_unavailable',
  'bot_failed',
  'guardrail',
  'low_confidence',
  'repeated_question',
  'negative_ratings',
];
const NEW_REASONS = [...OLD_REASONS, 'no_answer'];

function reasonCheck(reasons: string[]): string {
  return `ALTER TABLE conversation_status_changes ADD CONSTRAINT ck_conversation_status_changes_reason
    CHECK (reason IN (${reasons.map((reason) => `'${reason}'`).join(', ')}))`;
}

/**
 * Grounded replies: the knowledge-base articles a bot reply drew on, stored with the message (id and title
 * when it was written: `[{ "articleId": ..., "title": ... }]`), and the handoff reason `no_answer` (the reply
 * said it has no answer and a person will help).
 */
export class AddMessageSources1796260100000 implements MigrationInterface {
  name = 'AddMessageSources1796260100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE messages ADD COLUMN sources jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(
      `ALTER TABLE conversation_status_changes DROP CONSTRAINT ck_conversation_status_changes_reason`,
    );
    await queryRunner.query(reasonCheck(NEW_REASONS));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE conversation_status_changes DROP CONSTRAINT ck_conversation_status_changes_reason`,
    );
    await queryRunner.query(`UPDATE conversation_status_changes SET reason = 'bot_failed' WHERE reason = 'no_answer'`);
    await queryRunner.query(reasonCheck(OLD_REASONS));
    await queryRunner.query(`ALTER TABLE messages DROP COLUMN sources`);
  }
}
