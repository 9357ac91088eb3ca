import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type {
  BotReplyEndEvent,
  ConversationHandoffEvent,
  GenerationJob,
  GuardrailDecisionDto,
  GuardrailDecisionEvent,
  GuardrailSettingsDto,
  MessageDto,
  WidgetSessionDto,
} from '@neodesk/contracts';
import request from 'supertest';
import { ApiKeysService } from '../../../apps/conversation-service/src/api-keys/api-keys.service';
import { ConversationsService } from '../../../apps/conversation-service/src/conversations/conversations.service';
import { MessagesService } from '../../../apps/conversation-service/src/messages/messages.service';
import { UsersService } from '../../../apps/conversation-service/src/users/users.service';
import {
  type AgentSocket,
  RealtimeClients,
  type Tenant,
  type VisitorSocket,
  baseUrl,
  loginAgent,
  newTenant,
  nextEvent,
  openSession,
  ready,
} from '../../support/realtime-clients';
import { ScriptedWorker } from '../../support/scripted-worker';
import type { ServiceProcess } from '../../support/service-process';
import { startTestApp } from '../../support/test-app';
import { TEST_WORKER_TOKEN, startWorker, workersRegistered } from '../../support/worker-process';

/**
 * Confidence-based handoff through the real service, PostgreSQL and socket.io: token probabilities from a
 * scripted worker (the test decides them) and from the real worker with the bundled model.
 */
describe('Guardrails: confidence-based handoff', () => {
  let app: NestExpressApplication;
  let clients: RealtimeClients;
  const scripted: ScriptedWorker[] = [];
  const processes: ServiceProcess[] = [];

  beforeAll(async () => {
    app = await startTestApp(undefined, {
      SESSION_SECRET: 'guardrails confidence spec secret, 32+ chars',
      WORKER_TOKEN: TEST_WORKER_TOKEN,
      BOT_REPLY_WAIT_MS: '3000',
    });
    clients = new RealtimeClients(app);
  });

  afterEach(async () => {
    clients.closeAll();
    scripted.splice(0).forEach((worker) => worker.close());
    // Let the service see the workers leave before the next test registers its own.
    await new Promise((resolve) => setTimeout(resolve, 100));
  });

  afterAll(async () => {
    await Promise.all(processes.splice(0).map((worker) => worker.stop()));
    await app.close();
  });

  interface Workspace {
    tenant: Tenant;
    adminKey: string;
    agent: AgentSocket;
  }

  interface Chat {
    workspace: Workspace;
    session: WidgetSessionDto;
    visitor: VisitorSocket;
    conversationId: string;
  }

  async function newWorkspace(settings: Partial<GuardrailSettingsDto> = {}): Promise<Workspace> {
    const tenant = await newTenant(app);
    const admin = await app.get(UsersService).create(tenant.workspace.id, {
      email: `admin-${randomUUID()}@example.com`,
      displayName: 'Admin',
      password: 'admin password 123',
      role: 'admin',
    });
    const { key } = await app
      .get(ApiKeysService)
      .create(tenant.workspace.id, admin.id, { name: 'guardrails', scopes: ['admin'] });
    const agent = clients.agent((await loginAgent(app, tenant.agentEmail)).accessToken);
    await ready(agent);
    const workspace = { tenant, adminKey: key, agent };
    if (Object.keys(settings).length > 0) {
      await patchGuardrails(workspace, settings);
    }
    return workspace;
  }

  async function patchGuardrails(workspace: Workspace, body: Partial<GuardrailSettingsDto>): Promise<void> {
    const response = await request(app.getHttpServer())
      .patch('/api/v1/guardrails')
      .auth(workspace.adminKey, { type: 'bearer' })
      .send(body);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject(body);
  }

  async function newChat(workspace: Workspace): Promise<Chat> {
    const { widgetKey } = workspace.tenant.workspace;
    const session = await openSession(app, widgetKey);
    const visitor = clients.visitor({ widgetKey, visitorToken: session.visitorToken });
    await ready(visitor);
    return { workspace, session, visitor, conversationId: session.conversation.id };
  }

  async function worker(): Promise<ScriptedWorker> {
    const worker = new ScriptedWorker(baseUrl(app), TEST_WORKER_TOKEN);
    scripted.push(worker);
    await worker.register();
    return worker;
  }

  async function say(chat: Chat, text: string): Promise<MessageDto> {
    const ack = await chat.visitor.emitWithAck('message:send', {
      conversationId: chat.conversationId,
      clientMessageId: randomUUID(),
      text,
    });
    if (!ack.ok) {
      throw new Error(ack.error.message);
    }
    return ack.data;
  }

  /** The worker answers the next job with these pieces (text and log-probabilities) and figures. */
  async function answer(
    worker: ScriptedWorker,
    chat: Chat,
    question: string,
    pieces: Array<[string, number[]]>,
    confidence?: { mean: number; min: number },
  ): Promise<{ job: GenerationJob; end: BotReplyEndEvent }> {
    const next = worker.nextJob();
    const ended = nextEvent<BotReplyEndEvent>(chat.visitor, 'bot:reply:end');
    await say(chat, question);
    const job = await next;
    pieces.forEach(([text, logprobs], index) => worker.delta(job, index, text, logprobs));
    worker.done(job, pieces.map(([text]) => text).join(''), confidence);
    return { job, end: await ended };
  }

  async function decisions(chat: Chat): Promise<GuardrailDecisionDto[]> {
    const response = await request(app.getHttpServer())
      .get(`/api/v1/conversations/${chat.conversationId}/guardrail-decisions`)
      .auth(chat.workspace.adminKey, { type: 'bearer' })
      .expect(200);
    return (response.body as { data: GuardrailDecisionDto[] }).data;
  }

  async function status(chat: Chat): Promise<string> {
    return (await app.get(ConversationsService).get(chat.workspace.tenant.workspace.id, chat.conversationId)).status;
  }

  function stored(chat: Chat): Promise<MessageDto[]> {
    return app.get(MessagesService).page(chat.workspace.tenant.workspace.id, chat.conversationId, {});
  }

  const UNSURE_REPLY: Array<[string, number[]]> = [
    ['Your parcel ', [-0.02, -0.05]],
    ['left our depot on Monday', [-0.1, Math.log(0.08), -0.3]],
    [' and arrives soon.', [-0.01, -0.02]],
  ];
  const UNSURE = { mean: 0.74, min: 0.08 };

  it('should keep a reply the model was unsure of, then hand over with the rule, the figures and the least confident part', async () => {
    const workspace = await newWorkspace({ minMeanTokenProbability: 0.5, minTokenProbability: 0.1 });
    const scriptedWorker = await worker();
    const chat = await newChat(workspace);
    const handoff = nextEvent<ConversationHandoffEvent>(workspace.agent, 'conversation:handoff');
    const decisionEvent = nextEvent<GuardrailDecisionEvent>(workspace.agent, 'guardrail:decision');

    const { job, end } = await answer(scriptedWorker, chat, 'Where is my parcel?', UNSURE_REPLY, UNSURE);

    expect(end).toMatchObject({ replyId: job.jobId, outcome: 'completed', messageSeq: 2 });
    expect(await handoff).toMatchObject({ reason: 'low_confidence', conversation: { status: 'waiting_human' } });
    const [, reply] = await stored(chat);
    expect(reply).toMatchObject({
      author: 'bot',
      text: 'Your parcel left our depot on Monday and arrives soon.',
      generation: { meanTokenProbability: expect.closeTo(0.74, 5), minTokenProbability: expect.closeTo(0.08, 5) },
    });
    // The decision is recorded just after the handoff event: its own event says it is there.
    const recorded = await decisionEvent;
    const [decision] = await decisions(chat);
    expect(decision).toMatchObject({
      rule: 'low_confidence',
      action: 'handed_over',
      replyId: job.jobId,
      messageSeq: 2,
      excerpt: 'Your parcel left our depot on Monday and arrives soon.',
    });
    expect(decision?.detail).toContain('least confident token 0.080 is under 0.100');
    expect(recorded.decision.id).toBe(decision?.id);
  });

  it('should let the same reply through once the threshold is lowered over PATCH /api/v1/guardrails', async () => {
    const workspace = await newWorkspace({ minMeanTokenProbability: 0.5, minTokenProbability: 0.1 });
    const scriptedWorker = await worker();
    const strict = await newChat(workspace);
    const handoff = nextEvent<ConversationHandoffEvent>(workspace.agent, 'conversation:handoff');
    await answer(scriptedWorker, strict, 'Where is my parcel?', UNSURE_REPLY, UNSURE);
    expect(await handoff).toMatchObject({ reason: 'low_confidence', conversation: { id: strict.conversationId } });
    expect(await status(strict)).toBe('waiting_human');

    await patchGuardrails(workspace, { minTokenProbability: 0.05 });
    const lenient = await newChat(workspace);
    const { end } = await answer(scriptedWorker, lenient, 'Where is my parcel?', UNSURE_REPLY, UNSURE);
    expect(end.outcome).toBe('completed');
    // The check reads the thresholds the reply's ticket carries and is decided in the tick that ends the reply.
    expect(await status(lenient)).toBe('bot');
    expect(await decisions(lenient)).toEqual([]);
  });

  it('should judge nothing when an older worker sends no figures', async () => {
    const workspace = await newWorkspace({ minMeanTokenProbability: 0.99, minTokenProbability: 0.99 });
    const scriptedWorker = await worker();
    const chat = await newChat(workspace);
    const { end } = await answer(scriptedWorker, chat, 'Where is my parcel?', [['On its way.', []]]);
    expect(end.outcome).toBe('completed');
    const [, reply] = await stored(chat);
    expect(reply?.generation).toMatchObject({ meanTokenProbability: null, minTokenProbability: null });
    expect(await status(chat)).toBe('bot');
  });

  it('should hand a repeated question to a person instead of answering it again', async () => {
    const workspace = await newWorkspace({ minMeanTokenProbability: 0, minTokenProbability: 0 });
    const scriptedWorker = await worker();
    const chat = await newChat(workspace);
    await answer(scriptedWorker, chat, 'How do I reset my password?', [['Use the reset link.', [-0.1]]]);
    const handoff = nextEvent<ConversationHandoffEvent>(workspace.agent, 'conversation:handoff');

    const repeat = await say(chat, 'how do i reset my password??');

    expect((await handoff).reason).toBe('repeated_question');
    expect(scriptedWorker.jobs).toHaveLength(1);
    expect(await decisions(chat)).toMatchObject([
      { rule: 'repeated_question', action: 'handed_over', messageSeq: repeat.seq, replyId: null },
    ]);
    expect((await decisions(chat))[0]?.detail).toContain('message 1');
  });

  it('should answer a repeated question as usual when the setting is off', async () => {
    const workspace = await newWorkspace({ minTokenProbability: 0, handoffOnRepeatedQuestion: false });
    const scriptedWorker = await worker();
    const chat = await newChat(workspace);
    await answer(scriptedWorker, chat, 'How do I reset my password?', [['Use the reset link.', [-0.1]]]);
    const { end } = await answer(scriptedWorker, chat, 'How do I reset my password?', [['Again: the link.', [-0.1]]]);
    expect(end.outcome).toBe('completed');
    expect(scriptedWorker.jobs).toHaveLength(2);
    expect(await status(chat)).toBe('bot');
  });

  it('should hand over on two thumbs-down in a row, and not on one', async () => {
    const workspace = await newWorkspace({ minMeanTokenProbability: 0, minTokenProbability: 0 });
    const scriptedWorker = await worker();
    const chat = await newChat(workspace);
    const first = await answer(scriptedWorker, chat, 'Where is my parcel?', [['It is on its way.', [-0.1]]]);
    const second = await answer(scriptedWorker, chat, 'Can I change the address?', [['Yes, tell me where.', [-0.1]]]);
    const rate = async (seq: number | null): Promise<void> => {
      const ack = await chat.visitor.emitWithAck('message:feedback', {
        conversationId: chat.conversationId,
        seq: seq ?? 0,
        rating: 'negative',
      });
      expect(ack.ok).toBe(true);
    };

    await rate(first.end.messageSeq);
    expect(await status(chat)).toBe('bot');
    expect(await decisions(chat)).toEqual([]);

    const handoff = nextEvent<ConversationHandoffEvent>(workspace.agent, 'conversation:handoff');
    await rate(second.end.messageSeq);
    expect((await handoff).reason).toBe('negative_ratings');
    expect(await decisions(chat)).toMatchObject([
      {
        rule: 'negative_ratings',
        action: 'handed_over',
        messageSeq: second.end.messageSeq,
        excerpt: 'Yes, tell me where.',
      },
    ]);
  });

  it('should hand over on two thumbs-down in a row given over REST too', async () => {
    const workspace = await newWorkspace({ minMeanTokenProbability: 0, minTokenProbability: 0 });
    const scriptedWorker = await worker();
    const chat = await newChat(workspace);
    const first = await answer(scriptedWorker, chat, 'Where is my parcel?', [['It is on its way.', [-0.1]]]);
    const second = await answer(scriptedWorker, chat, 'Can I change the address?', [['Yes, tell me where.', [-0.1]]]);
    const rate = (seq: number | null) =>
      request(app.getHttpServer())
        .post(`/api/v1/conversations/${chat.conversationId}/messages/${seq ?? 0}/feedback`)
        .auth(workspace.adminKey, { type: 'bearer' })
        .send({ rating: 'negative' })
        .expect(200);

    await rate(second.end.messageSeq);
    expect(await status(chat)).toBe('bot');
    const handoff = nextEvent<ConversationHandoffEvent>(workspace.agent, 'conversation:handoff');
    await rate(first.end.messageSeq);
    expect((await handoff).reason).toBe('negative_ratings');
    expect(await status(chat)).toBe('waiting_human');
    expect(await decisions(chat)).toMatchObject([{ rule: 'negative_ratings', messageSeq: first.end.messageSeq }]);
  });

  describe('with the real worker', () => {
    beforeAll(async () => {
      processes.push(startWorker(app));
      await workersRegistered(app, 1);
    }, 90_000);

    it('should store each reply with its mean and least token probability, in (0, 1]', async () => {
      const workspace = await newWorkspace({ minMeanTokenProbability: 0, minTokenProbability: 0 });
      const chat = await newChat(workspace);
      const ended = nextEvent<BotReplyEndEvent>(chat.visitor, 'bot:reply:end');
      await say(chat, 'I was charged twice for my order, can you check?');
      expect((await ended).outcome).toBe('completed');
      const [, reply] = await stored(chat);
      const mean = reply?.generation?.meanTokenProbability ?? NaN;
      const min = reply?.generation?.minTokenProbability ?? NaN;
      expect(mean).toBeGreaterThan(0);
      expect(mean).toBeLessThanOrEqual(1);
      expect(min).toBeGreaterThan(0);
      expect(min).toBeLessThanOrEqual(mean);
      expect(reply?.generation?.modelId).toBe('neodesk-support-gpt-neo');
    }, 60_000);
  });
});
