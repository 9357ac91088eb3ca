import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateBotSettingsAndWebhooks1764150000002 implements MigrationInterface {
  name = 'CreateBotSettingsAndWebhooks1764150000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE bot_settings (
        workspace_id uuid PRIMARY KEY CONSTRAINT fk_bot_settings_workspace REFERENCES workspaces (id) ON DELETE CASCADE,
        bot_name varchar(60) NOT NULL,
        persona text NOT NULL,
        greeting text NOT NULL,
        fallback_message text NOT NULL,
        handoff_phrases text[] NOT NULL DEFAULT '{}',
        max_new_tokens integer NOT NULL,
        temperature real NOT NULL,
        top_k integer NOT NULL,
        top_p real NOT NULL,
        repetition_penalty real NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_bot_settings_max_new_tokens CHECK (max_new_tokens BETWEEN 1 AND 1024),
        CONSTRAINT ck_bot_settings_temperature CHECK (temperature >= 0 AND temperature <= 2),
        CONSTRAINT ck_bot_settings_top_k CHECK (top_k BETWEEN 0 AND 1000),
        CONSTRAINT ck_bot_settings_top_p CHECK (top_p > 0 AND top_p <= 1),
        CONSTRAINT ck_bot_settings_repetition_penalty CHECK (repetition_penalty >= 1 AND repetition_penalty <= 2)
      )`);
    await queryRunner.query(`
      CREATE TABLE webhooks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL CONSTRAINT fk_webhooks_workspace REFERENCES workspaces (id) ON DELETE CASCADE,
        url text NOT NULL,
        description varchar(200),
        signing_secret text NOT NULL,
        events text[] NOT NULL,
        is_active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_webhooks_events CHECK (cardinality(events) > 0)
      )`);
    await queryRunner.query(`CREATE INDEX ix_webhooks_workspace ON webhooks (workspace_id)`);
    // The outbox: rows are written in the same transaction as the event and sent later with retries.
    await queryRunner.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL CONSTRAINT fk_webhook_deliveries_workspace REFERENCES workspaces (id) ON DELETE CASCADE,
        webhook_id uuid NOT NULL CONSTRAINT fk_webhook_deliveries_webhook REFERENCES webhooks (id) ON DELETE CASCADE,
        event_type varchar(64) NOT NULL,
        event_id uuid NOT NULL,
        payload jsonb NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_attempt_at timestamptz,
        last_response_status integer,
        last_error text,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_webhook_deliveries_event UNIQUE (webhook_id, event_id),
        CONSTRAINT ck_webhook_deliveries_status CHECK (status IN ('pending', 'succeeded', 'failed'))
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_webhook_deliveries_webhook ON webhook_deliveries (webhook_id, created_at DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE webhook_deliveries`);
    await queryRunner.query(`DROP TABLE webhooks`);
    await queryRunner.query(`DROP TABLE bot_settings`);
  }
}
