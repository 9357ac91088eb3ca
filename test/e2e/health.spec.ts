import type { NestExpressApplication } from '@nestjs/platform-express';
import { MIGRATIONS } from '@neodesk/migrations';
import { createDataSource } from '@neodesk/persistence';
import request from 'supertest';
import { startTestApp } from '../support/test-app';
import { ScratchDatabase, createScratchDatabase } from '../support/test-database';

describe('GET /health', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await startTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  it('should report live and ready with the database reachable and migrations applied', async () => {
    const response = await request(app.getHttpServer()).get('/health').expect(200).expect('content-type', /json/);
    expect(response.body).toMatchObject({
      status: 'ok',
      live: true,
      ready: true,
      checks: { database: { reachable: true, migrations: 'applied', pendingMigrations: [] } },
    });
    expect(typeof response.body.checks.database.latencyMs).toBe('number');
  });

  it('should give every response a request id, keeping a sane one from the caller', async () => {
    const generated = await request(app.getHttpServer()).get('/health/live').expect(200);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await request(app.getHttpServer())
      .get('/health/live')
      .set('x-request-id', 'trace-abc.123')
      .expect(200);
    expect(echoed.headers['x-request-id']).toBe('trace-abc.123');
    const replaced = await request(app.getHttpServer()).get('/health/live').set('x-request-id', '<script>').expect(200);
    expect(replaced.headers['x-request-id']).not.toBe('<script>');
  });

  it('should answer unknown routes with problem+json', async () => {
    const response = await request(app.getHttpServer()).get('/nope').expect(404);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 404, title: 'Not Found', instance: '/nope' });
    expect(response.headers['x-powered-by']).toBeUndefined();
  });
});

describe('GET /health when the schema is behind', () => {
  let scratch: ScratchDatabase;
  let app: NestExpressApplication;

  beforeAll(async () => {
    scratch = await createScratchDatabase('health');
    app = await startTestApp(scratch.url);
  });

  afterAll(async () => {
    await app.close();
    await scratch.drop();
  });

  it('should answer 503 and name the pending migration', async () => {
    await request(app.getHttpServer()).get('/health').expect(200);
    const dataSource = createDataSource(scratch.url, 1, 10_000);
    await dataSource.initialize();
    try {
      await dataSource.undoLastMigration({ transaction: 'each' });
      const response = await request(app.getHttpServer()).get('/health').expect(503);
      expect(response.body).toMatchObject({
        status: 'unavailable',
        live: true,
        ready: false,
        checks: {
          database: {
            reachable: true,
            migrations: 'pending',
            // The newest migration, the one undone above.
            pendingMigrations: [MIGRATIONS.at(-1)?.name],
          },
        },
      });
      await dataSource.runMigrations({ transaction: 'each' });
      await request(app.getHttpServer()).get('/health').expect(200);
    } finally {
      await dataSource.destroy();
    }
  });
});
