import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRefreshTokens1795700734561 implements MigrationInterface {
  name = 'CreateRefreshTokens1795700734561';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Rotating refresh tokens of agent logins: each works once; the tokens of one login share a family,
    // so a token used twice (a stolen copy) revokes the whole family.
    await queryRunner.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL CONSTRAINT fk_refresh_tokens_workspace REFERENCES workspaces (id) ON DELETE CASCADE,
        user_id uuid NOT NULL CONSTRAINT fk_refresh_tokens_user REFERENCES users (id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        token_hash char(64) NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Tokens are random and long, so a SHA-256 digest (not a slow KDF) is the lookup key.
    await queryRunner.query(`CREATE UNIQUE INDEX uq_refresh_tokens_token_hash ON refresh_tokens (token_hash)`);
    await queryRunner.query(`CREATE INDEX ix_refresh_tokens_family ON refresh_tokens (family_id)`);
    await queryRunner.query(`CREATE INDEX ix_refresh_tokens_user ON refresh_tokens (user_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE refresh_tokens`);
  }
}
