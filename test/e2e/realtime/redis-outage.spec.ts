import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { MessageNewEvent } from '@neodesk/contracts';
import { RealtimeClients, loginAgent, newTenant, nextEvent, openSession, ready } from '../../support/realtime-clients';
import { startTestApp } from '../../support/test-app';
import { freePort } from '../../support/service-process';

// node-redis rejects a command queued while Redis is away after this long (its default command timeout).
const REDIS_COMMAND_TIMEOUT_MS = 5_000;
/** Its reconnect back-off is at most 5 s; the replicas hear each other again within this. */
const RECONNECT_WITHIN_MS = 12_000;

/** A private redis-server on a free port, so that stopping it disturbs no other test. */
async function startRedis(port: number): Promise<ChildProcess> {
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  for (let tries = 0; tries < 100; tries++) {
    if (await reachable(port)) {
      return server;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  server.kill('SIGKILL');
  throw new Error(`redis-server did not start on port ${port}`);
}

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function stop(server: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null) {
      resolve();
      return;
    }
    server.once('exit', () => resolve());
    server.kill('SIGKILL');
  });
}

// Found by npm run test:soak -- --fault redis-outage: the socket.io Redis adapter publishes every broadcast
// without awaiting it, node-redis rejected the queued publishes after 5 s, and both replicas exited on
// the unhandled rejection.
describe('Realtime gateway during a Redis outage', () => {
  let redisPort: number;
  let redis: ChildProcess;
  let replicaA: NestExpressApplication;
  let replicaB: NestExpressApplication;
  let clientsA: RealtimeClients;
  let clientsB: RealtimeClients;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };

  beforeAll(async () => {
    redisPort = await freePort();
    redis = await startRedis(redisPort);
    const env = {
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      SESSION_SECRET: 'redis outage spec secret, 32+ characters long',
    };
    replicaA = await startTestApp(undefined, env);
    replicaB = await startTestApp(undefined, env);
    clientsA = new RealtimeClients(replicaA);
    clientsB = new RealtimeClients(replicaB);
    process.on('unhandledRejection', onUnhandled);
  });

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    clientsA.closeAll();
    clientsB.closeAll();
    await replicaA.close();
    await replicaB.close();
    await stop(redis);
  });

  it('should keep serving its own clients past the Redis command timeout, and reach the other replica once Redis is back', async () => {
    const tenant = await newTenant(replicaA);
    const token = (await loginAgent(replicaA, tenant.agentEmail)).accessToken;
    const agentA = clientsA.agent(token);
    const agentB = clientsB.agent(token);
    await Promise.all([ready(agentA), ready(agentB)]);
    const session = await openSession(replicaA, tenant.workspace.widgetKey);
    const visitor = clientsA.visitor({ widgetKey: tenant.workspace.widgetKey, visitorToken: session.visitorToken });
    await ready(visitor);
    const conversationId = session.conversation.id;

    await stop(redis);
    const sameReplica = nextEvent<MessageNewEvent>(agentA, 'message:new');
    const ack = await visitor.emitWithAck('message:send', {
      conversationId,
      clientMessageId: 'during-outage',
      text: 'Sent while Redis is down',
    });
    expect(ack.ok).toBe(true);
    expect((await sameReplica).message.clientMessageId).toBe('during-outage');
    // Past the timeout at which the publishes queued for Redis are rejected.
    await new Promise((resolve) => setTimeout(resolve, REDIS_COMMAND_TIMEOUT_MS + 1_500));
    expect(unhandled).toEqual([]);

    redis = await startRedis(redisPort);
    // node-redis reconnects with a back-off of up to 5 s; what is published before replica B subscribes
    // again is lost to it (Redis pub/sub keeps nothing), so the visitor writes until B hears one.
    const heardOnB: MessageNewEvent[] = [];
    agentB.on('message:new', (event) => {
      if (event.message.author === 'customer') {
        heardOnB.push(event);
      }
    });
    const deadline = Date.now() + RECONNECT_WITHIN_MS;
    for (let n = 1; heardOnB.length === 0 && Date.now() < deadline; n++) {
      const sent = await visitor.emitWithAck('message:send', {
        conversationId,
        clientMessageId: `after-outage-${n}`,
        text: `Sent once Redis is back (${n})`,
      });
      expect(sent.ok).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(heardOnB.length).toBeGreaterThan(0);
    expect(heardOnB[0].message.clientMessageId).toMatch(/^after-outage-\d+$/);
    expect(unhandled).toEqual([]);
  }, 40_000);
});
