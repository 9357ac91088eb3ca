import { MigrationInterface, QueryRunner } from 'typeorm';

export class OrderWebhookDeliveriesPerConversation1796231300000 implements MigrationInterface {
  name = 'OrderWebhookDeliveriesPerConversation1796231300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A pending delivery waits while an older pending one of the same endpoint and conversation exists:
    // the dispatcher asks that for every candidate, so it must be an index look-up.
    await queryRunner.query(
      `CREATE INDEX ix_webhook_deliveries_conversation_order
         ON webhook_deliveries (webhook_id, (payload #>> '{conversation,id}'), created_at)
         WHERE status = 'pending'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_webhook_deliveries_conversation_order`);
  }
}
