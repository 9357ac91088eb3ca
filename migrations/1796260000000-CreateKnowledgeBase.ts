import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The knowledge base: each workspace's help-centre articles (Markdown), and the passages they are split into
 * for retrieval, each with a full-text vector (the article's title weighted A, the passage's text B, English
 * stemming) behind a GIN index. The service writes the vector with the passage; PGlite has the same parser.
 */
export class CreateKnowledgeBase1796260000000 implements MigrationInterface {
  name = 'CreateKnowledgeBase1796260000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE knowledge_articles (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL
          CONSTRAINT fk_knowledge_articles_workspace REFERENCES workspaces (id) ON DELETE CASCADE,
        title varchar(200) NOT NULL,
        body text NOT NULL,
        tags text[] NOT NULL DEFAULT '{}',
        status varchar(16) NOT NULL DEFAULT 'published',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_knowledge_articles_status CHECK (status IN ('published', 'draft'))
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_knowledge_articles_workspace_title ON knowledge_articles (workspace_id, lower(title))`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_knowledge_articles_workspace_updated ON knowledge_articles (workspace_id, updated_at DESC)`,
    );
    await queryRunner.query(`
      CREATE TABLE knowledge_chunks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        article_id uuid NOT NULL
          CONSTRAINT fk_knowledge_chunks_article REFERENCES knowledge_articles (id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL,
        chunk_index integer NOT NULL,
        heading text NOT NULL,
        text text NOT NULL,
        search tsvector NOT NULL,
        CONSTRAINT uq_knowledge_chunks_article_index UNIQUE (article_id, chunk_index)
      )`);
    await queryRunner.query(`CREATE INDEX ix_knowledge_chunks_search ON knowledge_chunks USING gin (search)`);
    await queryRunner.query(`CREATE INDEX ix_knowledge_chunks_workspace ON knowledge_chunks (workspace_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE knowledge_chunks`);
    await queryRunner.query(`DROP TABLE knowledge_articles`);
  }
}
