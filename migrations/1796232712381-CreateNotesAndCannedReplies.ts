import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateNotesAndCannedReplies1796232712381 implements MigrationInterface {
  name = 'CreateNotesAndCannedReplies1796232712381';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Agents' private notes: never part of the transcript the visitor or webhooks see.
    await queryRunner.query(`
      CREATE TABLE conversation_notes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL,
        conversation_id uuid NOT NULL,
        author_user_id uuid CONSTRAINT fk_conversation_notes_author_user REFERENCES users (id) ON DELETE SET NULL,
        text text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT fk_conversation_notes_conversation FOREIGN KEY (conversation_id, workspace_id)
          REFERENCES conversations (id, workspace_id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_conversation_notes_conversation_created ON conversation_notes (conversation_id, created_at)`,
    );
    await queryRunner.query(`
      CREATE TABLE canned_replies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL CONSTRAINT fk_canned_replies_workspace REFERENCES workspaces (id) ON DELETE CASCADE,
        shortcut varchar(40) NOT NULL,
        text text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_canned_replies_workspace_shortcut UNIQUE (workspace_id, shortcut)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE canned_replies`);
    await queryRunner.query(`DROP TABLE conversation_notes`);
  }
}
