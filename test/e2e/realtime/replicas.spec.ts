import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  type AgentPresenceDto,
  type BotReplyEndEvent,
  type ConversationDto,
  type MessageDto,
  type MessageNewEvent,
  type ResumeResult,
} from '@neodesk/contracts';
import { MessagesService } from '../../../apps/conversation-service/src/messages/messages.service';
import { UsersService } from '../../../apps/conversation-service/src/users/users.service';
import { RealtimeClients, loginAgent, newTenant, nextEvent, openSession, ready } from '../../support/realtime-clients';
import { ScriptedWorker } from '../../support/scripted-worker';
import { SERVICE_MAIN, ServiceProcess, freePort, waitForHealthy } from '../../support/service-process';
import { startTestApp } from '../../support/test-app';
import { isExternalServer, sharedTestDatabaseUrl } from '../../support/test-database';
import { TEST_WORKER_TOKEN, startWorker } from '../../support/worker-process';
import { testRedisUrl } from '../../support/test-redis';

const SHARED_ENV = {
  REDIS_URL: testRedisUrl(),
  SESSION_SECRET: 'replicas spec secret, shared by both processes',
  WORKER_TOKEN: TEST_WORKER_TOKEN,
  EMBEDDED_WORKER: 'false',
  BOOTSTRAP_ADMIN_PASSWORD: 'replicas spec admin password',
  LOG_LEVEL: 'warn',
};

/**
 * Two service processes sharing PostgreSQL and Redis, as in production: a visitor on one replica is
 * answered by a worker connected to the other, and cancels and resumes cross replicas too.
 */
// Replicas share a PostgreSQL server; an embedded PGlite belongs to one process (its data dir is locked).
const describeWithServer = isExternalServer() ? describe : describe.skip;

describeWithServer('Two service processes joined through Redis', () => {
  let setup: NestExpressApplication;
  let urlA: string;
  let urlB: string;
  const processes: ServiceProcess[] = [];
  let clientsA: RealtimeClients;
  let clientsB: RealtimeClients;

  beforeAll(async () => {
    // In-process only to create tenants in the shared database; it takes no part in the gateway.
    setup = await startTestApp();
    const [portA, portB] = [await freePort(), await freePort()];
    const env = { ...SHARED_ENV, DATABASE_URL: sharedTestDatabaseUrl() };
    const replicaA = new ServiceProcess(SERVICE_MAIN, { ...env, PORT: String(portA) });
    const replicaB = new ServiceProcess(SERVICE_MAIN, { ...env, PORT: String(portB) });
    processes.push(replicaA, replicaB);
    await Promise.all([waitForHealthy(portA, replicaA), waitForHealthy(portB, replicaB)]);
    urlA = `http://127.0.0.1:${portA}`;
    urlB = `http://127.0.0.1:${portB}`;
    clientsA = new RealtimeClients(urlA);
    clientsB = new RealtimeClients(urlB);
  }, 90_000);

  afterEach(() => {
    clientsA.closeAll();
    clientsB.closeAll();
  });

  afterAll(async () => {
    await Promise.all(processes.splice(0).map((process) => process.stop()));
    await setup.close();
  });

  async function chatOnA() {
    const tenant = await newTenant(setup);
    const session = await openSession(urlA, tenant.workspace.widgetKey);
    const visitor = clientsA.visitor({ widgetKey: tenant.workspace.widgetKey, visitorToken: session.visitorToken });
    await ready(visitor);
    const login = await loginAgent(urlB, tenant.agentEmail);
    const agent = clientsB.agent(login.accessToken);
    await ready(agent);
    return { tenant, session, visitor, agent };
  }

  it('should answer a visitor on replica A with the real worker connected to replica B', async () => {
    const worker = startWorker(urlB);
    processes.push(worker);
    const { tenant, session, visitor, agent } = await chatOnA();
    const agentSawReply = new Promise<MessageDto>((resolve) =>
      agent.on('message:new', (event: MessageNewEvent) => event.message.author === 'bot' && resolve(event.message)),
    );
    let streamed = '';
    visitor.on('bot:reply:delta', (delta) => (streamed += delta.text));
    // The worker needs a moment to load the model and register; until then the reply waits for it.
    const ended = nextEvent<BotReplyEndEvent>(visitor, 'bot:reply:end');
    const ack = await visitor.emitWithAck('message:send', {
      conversationId: session.conversation.id,
      clientMessageId: 'replicas-1',
      text: 'Where is my order?',
    });
    expect(ack.ok).toBe(true);
    expect(await ended).toMatchObject({ outcome: 'completed', messageSeq: 2 });
    const reply = await agentSawReply;
    expect(streamed).toBe(reply.text);
    const stored = await setup.get(MessagesService).page(tenant.workspace.id, session.conversation.id, {});
    expect(stored.map((message) => message.author)).toEqual(['customer', 'bot']);
    await worker.stop();
  }, 60_000);

  it('should resume on A a reply streaming on B, and cancel it from A when an agent on A takes over', async () => {
    const scripted = new ScriptedWorker(urlB, TEST_WORKER_TOKEN);
    try {
      await scripted.register('replica-b');
      const { tenant, session, visitor } = await chatOnA();
      const jobPromise = scripted.nextJob();
      await visitor.emitWithAck('message:send', {
        conversationId: session.conversation.id,
        clientMessageId: 'replicas-2',
        text: 'Hello',
      });
      const job = await jobPromise;
      const twoDeltas = new Promise<void>((resolve) => {
        let count = 0;
        visitor.on('bot:reply:delta', () => ++count === 2 && resolve());
      });
      scripted.delta(job, 0, 'Good ');
      // Ends with a space: the reply checks hold an unfinished last word back.
      scripted.delta(job, 1, 'morning ');
      await twoDeltas;
      const resumed = (await visitor.emitWithAck('conversation:resume', {
        conversationId: session.conversation.id,
        afterSeq: 1,
      })) as { ok: true; data: ResumeResult };
      expect(resumed.data.streaming).toEqual([
        expect.objectContaining({ replyId: job.jobId, text: 'Good morning ', nextIndex: 2 }),
      ]);

      const login = await loginAgent(urlA, tenant.agentEmail);
      const agentOnA = clientsA.agent(login.accessToken);
      await ready(agentOnA);
      const cancelled = new Promise<void>((resolve) => scripted.socket.once('job:cancel', () => resolve()));
      const takeover = (await agentOnA.emitWithAck('conversation:takeover', {
        conversationId: session.conversation.id,
      })) as { ok: true; data: ConversationDto };
      expect(takeover.data.status).toBe('human');
      await cancelled;
      scripted.done(job, 'Good morning!');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const stored = await setup.get(MessagesService).page(tenant.workspace.id, session.conversation.id, {});
      expect(stored.map((message) => message.author)).toEqual(['customer']);
    } finally {
      scripted.close();
    }
  });

  it('should show an agent on replica A a colleague connected to replica B, away, and gone when they leave', async () => {
    const tenant = await newTenant(setup);
    const colleagueEmail = `colleague-${tenant.workspace.id}@example.com`;
    // The same password as newTenant's agent, so loginAgent signs both in.
    await setup.get(UsersService).create(tenant.workspace.id, {
      email: colleagueEmail,
      displayName: 'Colleague on B',
      password: 'agent password 123',
      role: 'agent',
    });
    const onA = clientsA.agent((await loginAgent(urlA, tenant.agentEmail)).accessToken);
    const lists: AgentPresenceDto[][] = [];
    onA.on('presence:changed', (agents) => lists.push(agents));
    await ready(onA);
    const seen = (check: (agents: AgentPresenceDto[]) => boolean) =>
      new Promise<void>((resolve, reject) => {
        const deadline = Date.now() + 10_000;
        const poll = () =>
          lists.some(check)
            ? resolve()
            : Date.now() > deadline
              ? reject(new Error('no such list'))
              : setTimeout(poll, 20);
        poll();
      });
    const colleague = (status: string) => (agents: AgentPresenceDto[]) =>
      agents.some((agent) => agent.displayName === 'Colleague on B' && agent.status === status);

    const onB = clientsB.agent((await loginAgent(urlB, colleagueEmail)).accessToken);
    await ready(onB);
    await seen(colleague('online'));
    const ack = await onB.emitWithAck('presence:set', { status: 'away' });
    expect(ack.ok).toBe(true);
    await seen(colleague('away'));
    lists.length = 0;
    onB.disconnect();
    await seen((agents) => agents.length === 1 && !colleague('away')(agents));
  });
});
