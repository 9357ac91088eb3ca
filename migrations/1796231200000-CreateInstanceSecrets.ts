import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateInstanceSecrets1796231200000 implements MigrationInterface {
  name = 'CreateInstanceSecrets1796231200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Keys the installation generates once and every replica shares (the token-signing key when
    // SESSION_SECRET is unset), so tokens survive restarts and are accepted by every replica.
    await queryRunner.query(
      `CREATE TABLE instance_secrets (
        name varchar(64) PRIMARY KEY,
        value text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE instance_secrets`);
  }
}
