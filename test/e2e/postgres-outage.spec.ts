import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Ack, MessageDto, PostedMessageDto } from '@neodesk/contracts';
import { Client } from 'pg';
import request from 'supertest';
import { PrivatePostgres } from '../support/private-postgres';
import { RealtimeClients, loginAgent, newTenant, openSession, ready } from '../support/realtime-clients';
import { startTestApp } from '../support/test-app';

/** How long the service may take to answer ready again once the server is back. */
const RECOVER_WITHIN_MS = 20_000;

// npm run test:soak -- --fault postgres-restart: while the server was down, every write answered
// INTERNAL_ERROR / 500, which clients take as final. Now: 503 + Retry-After and a retryable ack.
describe('Service during a PostgreSQL restart', () => {
  let postgres: PrivatePostgres;
  let app: NestExpressApplication;
  let clients: RealtimeClients;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };

  beforeAll(async () => {
    postgres = await PrivatePostgres.create();
    app = await startTestApp(postgres.url, {
      DATABASE_POOL_SIZE: '4',
      DATABASE_CONNECT_TIMEOUT_MS: '2000',
      SESSION_SECRET: 'postgres outage spec secret, 32+ characters long',
    });
    clients = new RealtimeClients(app);
    process.on('unhandledRejection', onUnhandled);
  }, 120_000);

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    clients?.closeAll();
    await app?.close();
    await postgres?.destroy();
  });

  it('should refuse writes with a retryable DATABASE_UNAVAILABLE, report not ready, and store each retry once when the server is back', async () => {
    const tenant = await newTenant(app);
    const login = await loginAgent(app, tenant.agentEmail);
    const agent = clients.agent(login.accessToken);
    await ready(agent);
    const session = await openSession(app, tenant.workspace.widgetKey);
    const visitor = clients.visitor({ widgetKey: tenant.workspace.widgetKey, visitorToken: session.visitorToken });
    await ready(visitor);
    const conversationId = session.conversation.id;
    const http = () => request(app.getHttpServer());
    const visitorSend = () =>
      visitor.timeout(10_000).emitWithAck('message:send', {
        conversationId,
        clientMessageId: 'outage-visitor-1',
        text: 'Written while the database restarts',
      }) as Promise<Ack<MessageDto>>;
    const agentSend = () =>
      agent.timeout(10_000).emitWithAck('message:send', {
        conversationId,
        clientMessageId: 'outage-agent-1',
        text: 'Agent reply written while the database restarts',
      }) as Promise<Ack<MessageDto>>;
    const restPost = () =>
      http()
        .post(`/api/v1/conversations/${conversationId}/messages`)
        .auth(login.accessToken, { type: 'bearer' })
        .set('Idempotency-Key', 'outage-rest-1')
        .send({ author: 'agent', text: 'Posted over REST while the database restarts' });

    await postgres.stop();

    const health = await http().get('/health').expect(503);
    expect(health.body).toMatchObject({
      status: 'unavailable',
      ready: false,
      checks: { database: { reachable: false } },
    });

    const refused = await restPost().expect(503);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.body).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE' });

    const visitorRefused = await visitorSend();
    const agentRefused = await agentSend();
    for (const ack of [visitorRefused, agentRefused]) {
      expect(ack).toEqual({
        ok: false,
        error: { code: 'DATABASE_UNAVAILABLE', message: expect.any(String), retryable: true, retryAfterSeconds: 5 },
      });
    }
    // A refusal the client takes as final would lose the message; the socket stays up to retry on.
    expect(visitor.connected && agent.connected).toBe(true);

    const stoppedAt = Date.now();
    await postgres.start();
    // The service recovers by itself: no restart, the pool opens new connections.
    let readyAgain = false;
    while (!readyAgain && Date.now() - stoppedAt < RECOVER_WITHIN_MS) {
      readyAgain = (await http().get('/health')).status === 200;
      if (!readyAgain) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    expect(readyAgain).toBe(true);

    // The clients retry with the same client ids: each write is stored once, a second retry answers it again.
    const visitorStored = await visitorSend();
    const agentStored = await agentSend();
    const restStored = await restPost().expect(201);
    if (!visitorStored.ok || !agentStored.ok) {
      throw new Error(`retry refused: ${JSON.stringify([visitorStored, agentStored])}`);
    }
    const visitorAgain = await visitorSend();
    const agentAgain = await agentSend();
    const restAgain = await restPost().expect(200);
    expect(visitorAgain).toEqual({ ok: true, data: expect.objectContaining({ id: visitorStored.data.id }) });
    expect(agentAgain).toEqual({ ok: true, data: expect.objectContaining({ id: agentStored.data.id }) });
    expect((restAgain.body as PostedMessageDto).message.id).toBe((restStored.body as PostedMessageDto).message.id);

    const db = new Client({ connectionString: postgres.url });
    await db.connect();
    try {
      const counts = await db.query<{ client_message_id: string; n: string }>(
        `SELECT client_message_id, count(*) AS n FROM messages WHERE conversation_id = $1
         AND client_message_id IS NOT NULL GROUP BY client_message_id ORDER BY client_message_id`,
        [conversationId],
      );
      expect(counts.rows).toEqual([
        { client_message_id: 'outage-agent-1', n: '1' },
        { client_message_id: 'outage-rest-1', n: '1' },
        { client_message_id: 'outage-visitor-1', n: '1' },
      ]);
    } finally {
      await db.end();
    }
    expect(unhandled).toEqual([]);
  }, 90_000);
});
