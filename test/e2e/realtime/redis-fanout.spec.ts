import type { NestExpressApplication } from '@nestjs/platform-express';
import type { MessageNewEvent } from '@neodesk/contracts';
import { RealtimeClients, loginAgent, newTenant, nextEvent, openSession, ready } from '../../support/realtime-clients';
import { startTestApp } from '../../support/test-app';
import { testRedisUrl } from '../../support/test-redis';

// Redis runs on the test machine; both replicas share it, the database and the session secret.
const REPLICA_ENV = {
  REDIS_URL: testRedisUrl(),
  SESSION_SECRET: 'redis fan-out spec secret, shared by replicas',
};

describe('Realtime gateway across two replicas through the Redis adapter', () => {
  let replicaA: NestExpressApplication;
  let replicaB: NestExpressApplication;
  let clientsA: RealtimeClients;
  let clientsB: RealtimeClients;

  beforeAll(async () => {
    replicaA = await startTestApp(undefined, REPLICA_ENV);
    replicaB = await startTestApp(undefined, REPLICA_ENV);
    clientsA = new RealtimeClients(replicaA);
    clientsB = new RealtimeClients(replicaB);
  });

  afterAll(async () => {
    clientsA.closeAll();
    clientsB.closeAll();
    await replicaA.close();
    await replicaB.close();
  });

  it('should deliver a message sent by a visitor on replica A to an agent on replica B', async () => {
    const tenant = await newTenant(replicaA);
    const login = await loginAgent(replicaB, tenant.agentEmail);
    const agent = clientsB.agent(login.accessToken);
    await ready(agent);
    const session = await openSession(replicaA, tenant.workspace.widgetKey);
    const visitor = clientsA.visitor({ widgetKey: tenant.workspace.widgetKey, visitorToken: session.visitorToken });
    await ready(visitor);
    const received = nextEvent<MessageNewEvent>(agent, 'message:new');

    const ack = await visitor.emitWithAck('message:send', {
      conversationId: session.conversation.id,
      clientMessageId: 'across-replicas',
      text: 'Hello from replica A',
    });

    expect(ack.ok).toBe(true);
    const event = await received;
    expect(event.message).toMatchObject({ seq: 1, text: 'Hello from replica A', clientMessageId: 'across-replicas' });
    expect(event.conversation.id).toBe(session.conversation.id);
  });

  it('should refuse to start, naming REDIS_URL, when Redis cannot be reached', async () => {
    await expect(startTestApp(undefined, { REDIS_URL: 'redis://127.0.0.1:1' })).rejects.toThrow(
      /Cannot reach Redis at redis:\/\/127\.0\.0\.1:1 \(REDIS_URL\)/,
    );
  });
});
