import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddWebhookDeliveryRetentionIndex1795800000000 implements MigrationInterface {
  name = 'AddWebhookDeliveryRetentionIndex1795800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The retention sweep deletes finished deliveries oldest first; pending ones are never pruned.
    await queryRunner.query(
      `CREATE INDEX ix_webhook_deliveries_finished ON webhook_deliveries (created_at) WHERE status <> 'pending'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_webhook_deliveries_finished`);
  }
}
