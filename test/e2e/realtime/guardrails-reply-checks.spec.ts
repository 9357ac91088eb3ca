import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  type BotReplyDeltaEvent,
  type BotReplyEndEvent,
  type ConversationReportDto,
  DEFAULT_GUARDRAIL_SETTINGS,
  type GenerationJob,
  type GuardrailDecisionDto,
  type GuardrailDecisionEvent,
  type ConversationHandoffEvent,
  type MessageDto,
  type WidgetSessionDto,
} from '@neodesk/contracts';
import request from 'supertest';
import { AuthService } from '../../../apps/conversation-service/src/auth/auth.service';
import { MessagesService } from '../../../apps/conversation-service/src/messages/messages.service';
import { UsersService } from '../../../apps/conversation-service/src/users/users.service';
import {
  WorkspacesService,
  type WorkspaceView,
} from '../../../apps/conversation-service/src/workspaces/workspaces.service';
import {
  type AgentSocket,
  RealtimeClients,
  SITE_ORIGIN,
  type VisitorSocket,
  baseUrl,
  nextEvent,
  openSession,
  ready,
} from '../../support/realtime-clients';
import { ScriptedWorker } from '../../support/scripted-worker';
import { startTestApp } from '../../support/test-app';
import { TEST_WORKER_TOKEN } from '../../support/worker-process';

const PASSWORD = 'guardrails spec password 123';

/**
 * Reply checks as a reply streams, end to end: the real service and database, a scripted worker streaming
 * token by token, real socket.io clients for the visitor and an agent, and the REST routes and /metrics.
 */
describe('Guardrails: reply checks while streaming', () => {
  let app: NestExpressApplication;
  let clients: RealtimeClients;
  let worker: ScriptedWorker;

  beforeAll(async () => {
    app = await startTestApp(undefined, {
      SESSION_SECRET: 'guardrails reply checks spec secret, 32+ chars',
      WORKER_TOKEN: TEST_WORKER_TOKEN,
      BOT_REPLY_WAIT_MS: '2000',
    });
    clients = new RealtimeClients(app);
    worker = new ScriptedWorker(baseUrl(app), TEST_WORKER_TOKEN);
    await worker.register('guardrails', 8);
  });

  afterEach(() => {
    clients.closeAll();
  });

  afterAll(async () => {
    worker.close();
    await app.close();
  });

  const http = () => request(app.getHttpServer());

  interface Team {
    workspace: WorkspaceView;
    adminToken: string;
    agentToken: string;
    agent: AgentSocket;
  }

  interface Chat {
    session: WidgetSessionDto;
    visitor: VisitorSocket;
    deltas: BotReplyDeltaEvent[];
    ends: BotReplyEndEvent[];
    messages: MessageDto[];
  }

  async function newTeam(): Promise<Team> {
    const workspace = await app
      .get(WorkspacesService)
      .create({ name: `Guardrails ${randomUUID().slice(0, 8)}`, allowedOrigins: [SITE_ORIGIN] });
    const login = async (role: 'admin' | 'agent'): Promise<string> => {
      const email = `${role}-${randomUUID()}@example.com`;
      await app.get(UsersService).create(workspace.id, { email, displayName: role, password: PASSWORD, role });
      return (await app.get(AuthService).login({ email, password: PASSWORD })).accessToken;
    };
    const [adminToken, agentToken] = [await login('admin'), await login('agent')];
    const agent = clients.agent(agentToken);
    await ready(agent);
    return { workspace, adminToken, agentToken, agent };
  }

  async function newChat(team: Team): Promise<Chat> {
    const session = await openSession(app, team.workspace.widgetKey);
    const visitor = clients.visitor({ widgetKey: team.workspace.widgetKey, visitorToken: session.visitorToken });
    await ready(visitor);
    const chat: Chat = { session, visitor, deltas: [], ends: [], messages: [] };
    visitor.on('bot:reply:delta', (event) => chat.deltas.push(event));
    visitor.on('bot:reply:end', (event) => chat.ends.push(event));
    visitor.on('message:new', (message) => chat.messages.push(message));
    return chat;
  }

  /** The visitor asks; the worker gets the job. */
  async function ask(chat: Chat, text: string): Promise<GenerationJob> {
    const job = worker.nextJob();
    const ack = await chat.visitor.emitWithAck('message:send', {
      conversationId: chat.session.conversation.id,
      clientMessageId: randomUUID(),
      text,
    });
    if (!ack.ok) {
      throw new Error(ack.error.message);
    }
    return job;
  }

  /** Streams the reply token by token (each delta after the service took the last), then ends it. */
  async function streamReply(job: GenerationJob, reply: string): Promise<string[]> {
    const pieces = reply.match(/\s*\S+/gu) ?? [];
    for (const [index, piece] of pieces.entries()) {
      if (worker.cancelled.includes(job.jobId)) {
        return pieces.slice(0, index);
      }
      worker.delta(job, index, piece);
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    if (!worker.cancelled.includes(job.jobId)) {
      worker.done(job, reply);
    }
    return pieces;
  }

  const seen = (chat: Chat): string =>
    chat.deltas
      .sort((a, b) => a.index - b.index)
      .map((delta) => delta.text)
      .join('');

  const stored = (team: Team, chat: Chat): Promise<MessageDto[]> =>
    app.get(MessagesService).page(team.workspace.id, chat.session.conversation.id, {});

  const decisionsOf = async (team: Team, chat: Chat, token = team.agentToken): Promise<GuardrailDecisionDto[]> =>
    (
      await http()
        .get(`/api/v1/conversations/${chat.session.conversation.id}/guardrail-decisions`)
        .auth(token, { type: 'bearer' })
        .expect(200)
    ).body.data as GuardrailDecisionDto[];

  const metric = async (rule: string): Promise<number> => {
    const text = (await http().get('/metrics').expect(200)).text;
    const line = text
      .split('\n')
      .find((l) => l.startsWith(`neodesk_guardrail_decisions_total{rule="${rule}",action="reply_replaced"}`));
    return line === undefined ? 0 : Number(line.split(' ').pop());
  };

  const patch = (team: Team, body: object) =>
    http().patch('/api/v1/guardrails').auth(team.adminToken, { type: 'bearer' }).send(body).expect(200);

  it('should cut a forbidden promise mid-stream before it reaches the visitor, store the fallback, hand over and record it', async () => {
    const team = await newTeam();
    const chat = await newChat(team);
    const metricBefore = await metric('forbidden_promise');
    const decisionEvent = nextEvent<GuardrailDecisionEvent>(team.agent, 'guardrail:decision');
    const handoff = nextEvent<ConversationHandoffEvent>(team.agent, 'conversation:handoff');
    const ended = nextEvent<BotReplyEndEvent>(chat.visitor, 'bot:reply:end');

    const job = await ask(chat, 'Where is my money?');
    const reply =
      'Thanks for waiting. I checked your order and your refund has been issued to the card you paid with, ' +
      'so it should arrive within five days.';
    const streamed = await streamReply(job, reply);

    expect(await ended).toMatchObject({ replyId: job.jobId, outcome: 'failed' });
    expect(worker.cancelled).toContain(job.jobId);
    // The worker was stopped mid-reply: it never got to the end.
    expect(streamed.length).toBeLessThan((reply.match(/\s*\S+/gu) ?? []).length);
    const visitorSaw = seen(chat);
    expect(visitorSaw).toBe('Thanks for waiting. I checked your order and your ');
    expect(visitorSaw).not.toMatch(/refund/iu);
    expect(chat.deltas.map((delta) => delta.index)).toEqual(chat.deltas.map((_, index) => index));

    const messages = await stored(team, chat);
    expect(messages.map((message) => [message.author, message.text])).toEqual([
      ['customer', 'Where is my money?'],
      ['system', DEFAULT_GUARDRAIL_SETTINGS.safeFallbackMessage],
    ]);
    const { conversation, reason } = await handoff;
    expect(reason).toBe('guardrail');
    expect(conversation.status).toBe('waiting_human');

    const { decision } = await decisionEvent;
    expect(decision).toMatchObject({
      conversationId: chat.session.conversation.id,
      rule: 'forbidden_promise',
      action: 'reply_replaced',
      replyId: job.jobId,
      messageSeq: messages[1].seq,
    });
    expect(decision.excerpt).toMatch(/^refund has been issued/u);
    expect(decision.detail).toContain('"refund has been issued"');
    expect(decision.detail).toContain('handed to a person');
    expect(await decisionsOf(team, chat)).toEqual([decision]);
    expect(await metric('forbidden_promise')).toBe(metricBefore + 1);

    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const report = (
      await http()
        .get('/api/v1/reports/conversations')
        .query({ from: today, to: tomorrow, groupBy: 'day' })
        .auth(team.adminToken, { type: 'bearer' })
        .expect(200)
    ).body as ConversationReportDto;
    expect(report.totals.handoffReasons.guardrail).toBe(1);
  });

  it('should replace a reply that tells off a polite customer, before the visitor sees it, and hand over', async () => {
    const team = await newTeam();
    const chat = await newChat(team);
    const decisionEvent = nextEvent<GuardrailDecisionEvent>(team.agent, 'guardrail:decision');
    const handoff = nextEvent<ConversationHandoffEvent>(team.agent, 'conversation:handoff');
    const ended = nextEvent<BotReplyEndEvent>(chat.visitor, 'bot:reply:end');

    const job = await ask(chat, 'Do you ship to Canada?');
    await streamReply(job, "Sorry, I'm ending this chat now because of the language used.");

    expect(await ended).toMatchObject({ replyId: job.jobId, outcome: 'failed' });
    expect(seen(chat)).toBe("Sorry, I'm ");
    const messages = await stored(team, chat);
    expect(messages.map((message) => [message.author, message.text])).toEqual([
      ['customer', 'Do you ship to Canada?'],
      ['system', DEFAULT_GUARDRAIL_SETTINGS.safeFallbackMessage],
    ]);
    expect((await handoff).reason).toBe('guardrail');
    const { decision } = await decisionEvent;
    expect(decision).toMatchObject({ rule: 'hostile_reply', action: 'reply_replaced', replyId: job.jobId });
    expect(decision.excerpt).toMatch(/^ending this chat/u);
  });

  it('should stream a clean reply as it comes and store it unchanged', async () => {
    const team = await newTeam();
    const chat = await newChat(team);
    const ended = nextEvent<BotReplyEndEvent>(chat.visitor, 'bot:reply:end');
    const job = await ask(chat, 'When do you open?');
    const reply = 'We open at nine every weekday, and at ten on Saturdays. Is there anything else I can help with?';

    await streamReply(job, reply);

    expect(await ended).toMatchObject({ outcome: 'completed', messageSeq: 2 });
    expect(seen(chat)).toBe(reply);
    // Held-back words go out later in fewer deltas, numbered without gaps.
    expect(chat.deltas.map((delta) => delta.index)).toEqual(chat.deltas.map((_, index) => index));
    expect(chat.deltas.length).toBeGreaterThan(5);
    expect((await stored(team, chat)).map((message) => message.text)).toEqual(['When do you open?', reply]);
    expect(await decisionsOf(team, chat)).toEqual([]);
  });

  it('should stop a link to a domain that is not allowed, and a looping reply', async () => {
    const team = await newTeam();
    await patch(team, { allowedLinkDomains: ['shop.example.com'] });

    const linked = await newChat(team);
    const linkEnded = nextEvent<BotReplyEndEvent>(linked.visitor, 'bot:reply:end');
    const linkJob = await ask(linked, 'Where can I pay?');
    await streamReply(
      linkJob,
      'You can pay at https://shop.example.com/pay or at https://pay-now.example.net/shop today.',
    );
    expect(await linkEnded).toMatchObject({ outcome: 'failed' });
    expect(seen(linked)).toBe('You can pay at https://shop.example.com/pay or at ');
    expect(await decisionsOf(team, linked)).toMatchObject([
      { rule: 'link_domain', excerpt: 'https://pay-now.example.net/shop today.' },
    ]);

    const looping = await newChat(team);
    const loopEnded = nextEvent<BotReplyEndEvent>(looping.visitor, 'bot:reply:end');
    const loopJob = await ask(looping, 'Hello?');
    await streamReply(loopJob, `Hello! ${'I can help you with that. '.repeat(3)}And more.`);
    expect(await loopEnded).toMatchObject({ outcome: 'failed' });
    const [decision] = await decisionsOf(team, looping);
    expect(decision).toMatchObject({ rule: 'degenerate_text', action: 'reply_replaced' });
    expect(decision.detail).toContain('I can help you with that');
    expect((await stored(team, looping)).map((message) => message.author)).toEqual(['customer', 'system']);
  });

  it('should check replies with the settings as they are when the reply starts (PATCH changes the outcome)', async () => {
    const team = await newTeam();
    const reply = 'Our Competitor X plan costs less, you could switch to it.';

    const before = await newChat(team);
    const firstEnd = nextEvent<BotReplyEndEvent>(before.visitor, 'bot:reply:end');
    await streamReply(await ask(before, 'Is there a cheaper plan?'), reply);
    expect(await firstEnd).toMatchObject({ outcome: 'completed' });

    await patch(team, { blockedTerms: ['competitor x'] });
    const after = await newChat(team);
    const secondEnd = nextEvent<BotReplyEndEvent>(after.visitor, 'bot:reply:end');
    await streamReply(await ask(after, 'Is there a cheaper plan?'), reply);
    expect(await secondEnd).toMatchObject({ outcome: 'failed' });
    expect(seen(after)).toBe('Our ');
    expect(await decisionsOf(team, after)).toMatchObject([
      { rule: 'blocked_term', excerpt: expect.stringMatching(/^Competitor X plan/u) },
    ]);

    // Turning the default list off lets a reply through that it would stop.
    await patch(team, { blockedTerms: [], useDefaultBlockedTerms: false, safeFallbackMessage: 'One moment please.' });
    const off = await newChat(team);
    const thirdEnd = nextEvent<BotReplyEndEvent>(off.visitor, 'bot:reply:end');
    await streamReply(await ask(off, 'Rate my idea'), 'That idea is idiotic, honestly.');
    expect(await thirdEnd).toMatchObject({ outcome: 'completed' });

    await patch(team, { useDefaultBlockedTerms: true });
    const on = await newChat(team);
    const fourthEnd = nextEvent<BotReplyEndEvent>(on.visitor, 'bot:reply:end');
    await streamReply(await ask(on, 'Rate my idea'), 'That idea is idiotic, honestly.');
    expect(await fourthEnd).toMatchObject({ outcome: 'failed' });
    expect((await stored(team, on)).map((message) => message.text)).toEqual(['Rate my idea', 'One moment please.']);
  });

  it('should not let an agent of another workspace read the decisions', async () => {
    const team = await newTeam();
    const other = await newTeam();
    const chat = await newChat(team);
    const ended = nextEvent<BotReplyEndEvent>(chat.visitor, 'bot:reply:end');
    await streamReply(await ask(chat, 'Hi'), 'You idiot.');
    await ended;
    let leaked = false;
    other.agent.on('guardrail:decision', () => (leaked = true));

    await http()
      .get(`/api/v1/conversations/${chat.session.conversation.id}/guardrail-decisions`)
      .auth(other.agentToken, { type: 'bearer' })
      .expect(404);
    expect(await decisionsOf(team, chat)).toHaveLength(1);
    expect(leaked).toBe(false);
  });
});
