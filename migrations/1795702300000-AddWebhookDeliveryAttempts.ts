import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddWebhookDeliveryAttempts1795702300000 implements MigrationInterface {
  name = 'AddWebhookDeliveryAttempts1795702300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A dispatcher claims a due delivery by stamping a fresh claim token and moving next_attempt_at one lease
    // ahead; a sender that dies leaves the row to be claimed again when the lease has passed. Its result is
    // written only while its token is still the row's, so a late sender cannot overwrite a newer attempt.
    // requeued_attempts: the attempts made before the last redelivery; the retry schedule counts from there.
    await queryRunner.query(`
      ALTER TABLE webhook_deliveries
        ADD COLUMN claim_token uuid,
        ADD COLUMN requeued_attempts integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`
      CREATE TABLE webhook_delivery_attempts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL CONSTRAINT fk_webhook_delivery_attempts_workspace REFERENCES workspaces (id) ON DELETE CASCADE,
        delivery_id uuid NOT NULL CONSTRAINT fk_webhook_delivery_attempts_delivery REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
        attempt integer NOT NULL,
        started_at timestamptz NOT NULL,
        duration_ms integer,
        response_status integer,
        error text,
        CONSTRAINT uq_webhook_delivery_attempts_attempt UNIQUE (delivery_id, attempt),
        CONSTRAINT ck_webhook_delivery_attempts_attempt CHECK (attempt > 0)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE webhook_delivery_attempts`);
    await queryRunner.query(`ALTER TABLE webhook_deliveries DROP COLUMN requeued_attempts, DROP COLUMN claim_token`);
  }
}
