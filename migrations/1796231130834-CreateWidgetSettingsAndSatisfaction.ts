import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateWidgetSettingsAndSatisfaction1796231130834 implements MigrationInterface {
  name = 'CreateWidgetSettingsAndSatisfaction1796231130834';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE widget_settings (
        workspace_id uuid PRIMARY KEY CONSTRAINT fk_widget_settings_workspace REFERENCES workspaces (id) ON DELETE CASCADE,
        title varchar(60) NOT NULL DEFAULT 'Chat with us',
        color varchar(7) NOT NULL DEFAULT '#1f6feb',
        position varchar(8) NOT NULL DEFAULT 'right',
        launcher_label varchar(40) NOT NULL DEFAULT 'Chat with us',
        locale varchar(8) NOT NULL DEFAULT 'auto',
        pre_chat_name varchar(16) NOT NULL DEFAULT 'off',
        pre_chat_email varchar(16) NOT NULL DEFAULT 'off',
        identity_secret text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_widget_settings_color CHECK (color ~ '^#[0-9a-fA-F]{6}$'),
        CONSTRAINT ck_widget_settings_position CHECK (position IN ('left', 'right')),
        CONSTRAINT ck_widget_settings_locale CHECK (locale IN ('auto', 'en', 'fr', 'ar')),
        CONSTRAINT ck_widget_settings_pre_chat_name CHECK (pre_chat_name IN ('off', 'optional', 'required')),
        CONSTRAINT ck_widget_settings_pre_chat_email CHECK (pre_chat_email IN ('off', 'optional', 'required'))
      )`);
    // Existing workspaces get their row now; later ones read the defaults until an admin changes something.
    await queryRunner.query(`INSERT INTO widget_settings (workspace_id) SELECT id FROM workspaces`);
    await queryRunner.query(`
      CREATE TABLE conversation_satisfaction (
        conversation_id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        score smallint NOT NULL,
        comment text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT fk_conversation_satisfaction_conversation FOREIGN KEY (conversation_id, workspace_id)
          REFERENCES conversations (id, workspace_id) ON DELETE CASCADE,
        CONSTRAINT ck_conversation_satisfaction_score CHECK (score BETWEEN 1 AND 5)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE conversation_satisfaction`);
    await queryRunner.query(`DROP TABLE widget_settings`);
  }
}
