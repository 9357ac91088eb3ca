import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateLoginThrottles1796270300000 implements MigrationInterface {
  name = 'CreateLoginThrottles1796270300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Failed logins per account, shared by every replica: the key is an HMAC of the e-mail address (never
    // the address), with or without a user behind it, so unknown addresses are throttled the same way.
    await queryRunner.query(
      `CREATE TABLE login_throttles (
        key_hash char(64) PRIMARY KEY,
        failed_at timestamptz[] NOT NULL,
        locked_until timestamptz,
        updated_at timestamptz NOT NULL
      )`,
    );
    await queryRunner.query(`CREATE INDEX ix_login_throttles_updated_at ON login_throttles (updated_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE login_throttles`);
  }
}
