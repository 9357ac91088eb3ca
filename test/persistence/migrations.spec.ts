import { createDataSource } from '@neodesk/persistence';
import { MIGRATIONS } from '@neodesk/migrations';
import { DataSource } from 'typeorm';
import { ScratchDatabase, createScratchDatabase } from '../support/test-database';

const TABLES = [
  'api_keys',
  'bot_settings',
  'canned_replies',
  'conversation_notes',
  'conversation_satisfaction',
  'conversation_status_changes',
  'conversations',
  'guardrail_decisions',
  'guardrail_settings',
  'instance_secrets',
  'knowledge_articles',
  'knowledge_chunks',
  'login_throttles',
  'messages',
  'refresh_tokens',
  'users',
  'webhook_deliveries',
  'webhook_delivery_attempts',
  'webhooks',
  'widget_settings',
  'workspaces',
];

async function userTables(dataSource: DataSource): Promise<string[]> {
  const rows: Array<{ table_name: string }> = await dataSource.query(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'typeorm_migrations'
      ORDER BY table_name`,
  );
  return rows.map((row) => row.table_name);
}

describe('migrations', () => {
  let scratch: ScratchDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    scratch = await createScratchDatabase('migrations');
    dataSource = createDataSource(scratch.url, 2, 10_000);
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await scratch.drop();
  });

  it('should go up from empty, down to empty, and up again', async () => {
    expect(await userTables(dataSource)).toEqual([]);

    const applied = await dataSource.runMigrations({ transaction: 'each' });
    expect(applied.map((migration) => migration.name)).toEqual(MIGRATIONS.map((migration) => migration.name));
    expect(await userTables(dataSource)).toEqual(TABLES);

    for (let i = 0; i < MIGRATIONS.length; i++) {
      await dataSource.undoLastMigration({ transaction: 'each' });
    }
    expect(await userTables(dataSource)).toEqual([]);
    expect(await dataSource.showMigrations()).toBe(true);

    await dataSource.runMigrations({ transaction: 'each' });
    expect(await userTables(dataSource)).toEqual(TABLES);
    expect(await dataSource.showMigrations()).toBe(false);
  });

  it('should leave no difference between the entities and the migrated schema', async () => {
    // What `npm run migration:generate` would write: nothing, when entities and migrations agree.
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('should give workspaces that existed before the widget settings their row, with the defaults', async () => {
    const position = MIGRATIONS.findIndex(
      (migration) => migration.name === 'CreateWidgetSettingsAndSatisfaction1796231130834',
    );
    expect(position).toBeGreaterThan(0);
    for (let i = MIGRATIONS.length - 1; i >= position; i--) {
      await dataSource.undoLastMigration({ transaction: 'each' });
    }
    expect(await userTables(dataSource)).not.toContain('widget_settings');
    const [workspace]: Array<{ id: string }> = await dataSource.query(
      `INSERT INTO workspaces (name, slug, widget_key) VALUES ('Before', 'before', 'nd_pk_before') RETURNING id`,
    );
    await dataSource.runMigrations({ transaction: 'each' });
    const rows: Array<Record<string, unknown>> = await dataSource.query(
      `SELECT title, color, position, launcher_label, locale, pre_chat_name, pre_chat_email, identity_secret
         FROM widget_settings WHERE workspace_id = $1`,
      [workspace.id],
    );
    expect(rows).toEqual([
      {
        title: 'Chat with us',
        color: '#1f6feb',
        position: 'right',
        launcher_label: 'Chat with us',
        locale: 'auto',
        pre_chat_name: 'off',
        pre_chat_email: 'off',
        identity_secret: null,
      },
    ]);
    await expect(
      dataSource.query(`UPDATE widget_settings SET color = 'blue' WHERE workspace_id = $1`, [workspace.id]),
    ).rejects.toThrow(/ck_widget_settings_color/);
    await dataSource.query(`DELETE FROM workspaces WHERE id = $1`, [workspace.id]);
  });

  it('should create the full-text index over message text', async () => {
    const rows: Array<{ indexdef: string }> = await dataSource.query(
      `SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_messages_text_search'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].indexdef).toContain('gin');
    expect(rows[0].indexdef).toContain('to_tsvector');
  });
});
