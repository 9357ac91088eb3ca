import { OpenDatabase, Repositories, UnitOfWork, openDatabase } from '@neodesk/persistence';
import { BootstrapService } from '../../apps/conversation-service/src/bootstrap/bootstrap.service';
import { loadAppConfig } from '../../apps/conversation-service/src/config/app-config';
import { KnowledgeArticlesService } from '../../apps/conversation-service/src/knowledge/knowledge-articles.service';
import { KnowledgeRetrievalService } from '../../apps/conversation-service/src/knowledge/knowledge-retrieval.service';
import { servicesFor } from '../support/fixtures';
import { ScratchDatabase, createScratchDatabase } from '../support/test-database';

describe(BootstrapService.name, () => {
  let scratch: ScratchDatabase;
  let database: OpenDatabase;

  beforeAll(async () => {
    scratch = await createScratchDatabase('bootstrap');
    database = await openDatabase(
      {
        kind: 'external',
        url: scratch.url,
        poolSize: 4,
        connectTimeoutMs: 10_000,
        connectRetries: 0,
        migrateOnStart: true,
      },
      { runMigrations: true },
    );
  });

  afterAll(async () => {
    await database.close();
    await scratch.drop();
  });

  it('should create one workspace and one admin even when replicas start together, with a working generated password', async () => {
    const services = servicesFor(database);
    const config = loadAppConfig({
      BOOTSTRAP_ADMIN_EMAIL: 'owner@example.com',
      BOOTSTRAP_WORKSPACE_NAME: 'Acme Support',
      PUBLIC_URL: 'https://chat.acme.example/',
      BOOTSTRAP_ALLOWED_ORIGINS: 'https://www.acme.example, https://*.acme-shops.example',
    });
    const unitOfWork = new UnitOfWork(database.dataSource);
    const repositories = new Repositories(database.dataSource.manager);
    const knowledge = new KnowledgeArticlesService(
      unitOfWork,
      repositories,
      new KnowledgeRetrievalService(repositories),
    );
    const replicas = Array.from(
      { length: 3 },
      () => new BootstrapService(config, unitOfWork, repositories, services.workspaces, services.users, knowledge),
    );
    const outcomes = await Promise.all(replicas.map((sut) => sut.ensureDefaultWorkspace()));
    const created = outcomes.filter((outcome) => outcome.created);
    expect(created).toHaveLength(1);
    expect(await services.repositories.workspaces.count()).toBe(1);
    // The service's own address (its demo page) and the listed websites may embed the widget.
    expect((await services.workspaces.get(created[0].workspaceId ?? '')).allowedOrigins).toEqual([
      'https://chat.acme.example',
      'https://www.acme.example',
      'https://*.acme-shops.example',
    ]);

    const password = created[0].generatedPassword;
    expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const admin = await services.users.verifyCredentials('OWNER@example.com', password ?? '');
    expect(admin).toMatchObject({ email: 'owner@example.com', role: 'admin', workspaceId: created[0].workspaceId });
    expect(await services.users.verifyCredentials('owner@example.com', 'wrong password!')).toBeNull();

    const stored = await services.repositories.users.findCredentialsByEmail('owner@example.com');
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const workspace = await services.workspaces.get(created[0].workspaceId ?? '');
    expect(workspace).toMatchObject({ name: 'Acme Support', slug: 'acme-support' });
    expect(workspace.widgetKey).toMatch(/^nd_pk_/);
    expect(await services.repositories.botSettings.findByWorkspace(workspace.id)).toMatchObject({ botName: 'Neo' });

    // The sample knowledge base of a fictional shop, once, published and split into passages.
    const articles = (await knowledge.list(workspace.id, {})).data;
    expect(articles.length).toBeGreaterThanOrEqual(8);
    expect(articles.map((article) => article.title)).toContain('Payment methods');
    expect(articles.every((article) => article.status === 'published' && article.chunkCount > 0)).toBe(true);

    const again = await replicas[0].ensureDefaultWorkspace();
    expect(again.created).toBe(false);
    expect((await knowledge.list(workspace.id, {})).data).toHaveLength(articles.length);
  });
});
