import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Confidence figures of bot replies: the mean and the smallest probability the model gave the reply's
 * tokens, as the worker reports them with the reply (null for older replies and older workers).
 */
export class AddMessageTokenProbabilities1796250100000 implements MigrationInterface {
  name = 'AddMessageTokenProbabilities1796250100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE messages
        ADD COLUMN mean_token_probability real,
        ADD COLUMN min_token_probability real,
        ADD CONSTRAINT ck_messages_token_probabilities CHECK (
          (mean_token_probability IS NULL OR mean_token_probability BETWEEN 0 AND 1)
          AND (min_token_probability IS NULL OR min_token_probability BETWEEN 0 AND 1)
        )
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE messages
        DROP CONSTRAINT ck_messages_token_probabilities,
        DROP COLUMN min_token_probability,
        DROP COLUMN mean_token_probability
    `);
  }
}
