import { MigrationInterface, QueryRunner } from 'typeorm';

export class IndexMessageAuthors1795800000001 implements MigrationInterface {
  name = 'IndexMessageAuthors1795800000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Removing a user asks whether any message names them, and the foreign key's ON DELETE SET NULL looks
    // the same rows up: without an index both scanned every message. Customer and bot messages have none.
    await queryRunner.query(
      `CREATE INDEX ix_messages_author_user ON messages (author_user_id) WHERE author_user_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_messages_author_user`);
  }
}
