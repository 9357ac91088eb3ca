import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateWorkspacesAndUsers1764150000000 implements MigrationInterface {
  name = 'CreateWorkspacesAndUsers1764150000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE workspaces (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(120) NOT NULL,
        slug varchar(64) NOT NULL,
        widget_key varchar(64) NOT NULL,
        allowed_origins text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_workspaces_slug UNIQUE (slug),
        CONSTRAINT uq_workspaces_widget_key UNIQUE (widget_key)
      )`);
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL CONSTRAINT fk_users_workspace REFERENCES workspaces (id) ON DELETE CASCADE,
        email varchar(254) NOT NULL,
        display_name varchar(120) NOT NULL,
        password_hash text NOT NULL,
        role varchar(16) NOT NULL,
        is_active boolean NOT NULL DEFAULT true,
        last_login_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_users_role CHECK (role IN ('admin', 'agent'))
      )`);
    // Logins look users up by e-mail regardless of case, across workspaces.
    await queryRunner.query(`CREATE UNIQUE INDEX uq_users_email ON users (lower(email))`);
    await queryRunner.query(`CREATE INDEX ix_users_workspace ON users (workspace_id)`);
    await queryRunner.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL CONSTRAINT fk_api_keys_workspace REFERENCES workspaces (id) ON DELETE CASCADE,
        name varchar(120) NOT NULL,
        prefix varchar(32) NOT NULL,
        key_hash char(64) NOT NULL,
        scopes text[] NOT NULL,
        created_by_user_id uuid CONSTRAINT fk_api_keys_created_by REFERENCES users (id) ON DELETE SET NULL,
        last_used_at timestamptz,
        expires_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_api_keys_scopes CHECK (
          cardinality(scopes) > 0 AND scopes <@ ARRAY['read', 'write', 'admin']::text[]
        )
      )`);
    // Keys are random and long, so a SHA-256 digest (not a slow KDF) is the lookup key.
    await queryRunner.query(`CREATE UNIQUE INDEX uq_api_keys_key_hash ON api_keys (key_hash)`);
    await queryRunner.query(`CREATE INDEX ix_api_keys_workspace ON api_keys (workspace_id, created_at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE api_keys`);
    await queryRunner.query(`DROP TABLE users`);
    await queryRunner.query(`DROP TABLE workspaces`);
  }
}
