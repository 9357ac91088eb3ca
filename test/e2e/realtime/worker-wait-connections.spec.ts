import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { BotReplyEndEvent, GenerationJob } from '@neodesk/contracts';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  RealtimeClients,
  type VisitorSocket,
  baseUrl,
  loginAgent,
  newTenant,
  nextEvent,
  openSession,
  ready,
} from '../../support/realtime-clients';
import { ScriptedWorker } from '../../support/scripted-worker';
import { startTestApp } from '../../support/test-app';
import { isExternalServer } from '../../support/test-database';
import { TEST_WORKER_TOKEN } from '../../support/worker-process';

/**
 * Request and socket handlers never hold a database connection while a worker writes: with a pool of 2
 * connections (1 on the embedded PGlite) and more bot replies waiting on a worker than the pool has, other
 * customers' messages, agents' REST calls and health checks are still served at once, and PostgreSQL shows no
 * session of ours idle inside a transaction.
 */
describe('Waiting on a worker holds no database connection', () => {
  let app: NestExpressApplication;
  let clients: RealtimeClients;
  let worker: ScriptedWorker;
  const POOL = isExternalServer() ? 2 : 1;
  const WAITING = 6;

  beforeAll(async () => {
    app = await startTestApp(undefined, {
      SESSION_SECRET: 'worker wait connections spec secret, 32+ chars',
      WORKER_TOKEN: TEST_WORKER_TOKEN,
      DATABASE_POOL_SIZE: String(POOL),
      BOT_REPLY_WAIT_MS: '30000',
    });
    clients = new RealtimeClients(app);
    worker = new ScriptedWorker(baseUrl(app), TEST_WORKER_TOKEN);
    await worker.register('slow', WAITING + 2);
  });

  afterAll(async () => {
    clients.closeAll();
    worker.close();
    await app.close();
  });

  it(`should serve others while ${WAITING} replies wait on the worker with ${POOL} connection(s)`, async () => {
    const tenant = await newTenant(app);
    const { accessToken } = await loginAgent(app, tenant.agentEmail);
    const visitors: Array<{ visitor: VisitorSocket; conversationId: string }> = [];
    for (let i = 0; i < WAITING + 1; i++) {
      const session = await openSession(app, tenant.workspace.widgetKey);
      const visitor = clients.visitor({ widgetKey: tenant.workspace.widgetKey, visitorToken: session.visitorToken });
      await ready(visitor);
      visitors.push({ visitor, conversationId: session.conversation.id });
    }
    const send = (i: number, text: string) =>
      visitors[i].visitor.emitWithAck('message:send', {
        conversationId: visitors[i].conversationId,
        clientMessageId: randomUUID(),
        text,
      });

    // WAITING replies are with the worker, which does not answer yet.
    const jobs: GenerationJob[] = [];
    for (let i = 0; i < WAITING; i++) {
      const next = worker.nextJob();
      expect((await send(i, `Where is my order number ${i}?`)).ok).toBe(true);
      jobs.push(await next);
    }

    // Everything else still gets a connection at once.
    const started = performance.now();
    const lateNext = worker.nextJob();
    const ack = await send(WAITING, 'And one more customer writes');
    const health = await request(app.getHttpServer()).get('/health');
    const conversations = await request(app.getHttpServer())
      .get('/api/v1/conversations')
      .auth(accessToken, { type: 'bearer' });
    const elapsed = performance.now() - started;
    expect(ack.ok).toBe(true);
    expect(health.status).toBe(200);
    expect(conversations.status).toBe(200);
    expect(elapsed).toBeLessThan(5_000);
    jobs.push(await lateNext);

    if (isExternalServer()) {
      const database = (app.get(DataSource).options as { database?: string }).database;
      const sessions = await app
        .get(DataSource)
        .query<Array<{ state: string | null }>>(
          `SELECT state FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
          [database],
        );
      expect(sessions.filter((session) => session.state === 'idle in transaction')).toEqual([]);
    }

    // The worker answers: every waiting reply is stored.
    const ends = visitors.map(({ visitor }) => nextEvent<BotReplyEndEvent>(visitor, 'bot:reply:end'));
    for (const job of jobs) {
      worker.done(job, 'Your order is on its way.');
    }
    expect((await Promise.all(ends)).map((end) => end.outcome)).toEqual(Array(WAITING + 1).fill('completed'));
  }, 60_000);
});
