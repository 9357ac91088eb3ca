import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type {
  BotReplyEndEvent,
  ConversationHandoffEvent,
  GenerationJob,
  MessageDto,
  MessageNewEvent,
  TranscriptExportDto,
} from '@neodesk/contracts';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ConversationsService } from '../../../apps/conversation-service/src/conversations/conversations.service';
import { RealtimeClients, baseUrl, nextEvent } from '../../support/realtime-clients';
import { ScriptedWorker } from '../../support/scripted-worker';
import { startTestApp } from '../../support/test-app';
import { type KnowledgeChat, KnowledgeWorkspaces } from '../../support/knowledge-workspaces';
import { TEST_WORKER_TOKEN } from '../../support/worker-process';

/**
 * Grounded replies through the real service, PostgreSQL and socket.io, with a scripted worker: the job
 * carries the passages of the workspace's own published articles, the stored reply names the articles it
 * drew on (socket, REST, export, webhook outbox), and a reply that says a person will help hands over.
 */
describe('Grounded bot replies', () => {
  let app: NestExpressApplication;
  let clients: RealtimeClients;
  let worker: ScriptedWorker;

  let workspaces: KnowledgeWorkspaces;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await startTestApp(undefined, {
      SESSION_SECRET: 'grounded replies spec secret, 32+ characters',
      WORKER_TOKEN: TEST_WORKER_TOKEN,
      BOT_REPLY_WAIT_MS: '3000',
      // The webhook below points at a closed local port: its deliveries stay in the outbox to be read.
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    });
    clients = new RealtimeClients(app);
    workspaces = new KnowledgeWorkspaces(app, clients);
    worker = new ScriptedWorker(baseUrl(app), TEST_WORKER_TOKEN);
    await worker.register();
  });

  afterAll(async () => {
    clients.closeAll();
    worker.close();
    await app.close();
  });

  /** The visitor asks; resolves with the job the worker got. */
  async function ask(chat: KnowledgeChat, text: string): Promise<GenerationJob> {
    const next = worker.nextJob();
    const ack = await chat.visitor.emitWithAck('message:send', {
      conversationId: chat.conversationId,
      clientMessageId: randomUUID(),
      text,
    });
    expect(ack.ok).toBe(true);
    return next;
  }

  /** The worker streams `text` in two pieces and finishes; resolves when the reply ended. */
  async function reply(chat: KnowledgeChat, job: GenerationJob, text: string): Promise<BotReplyEndEvent> {
    const ended = nextEvent<BotReplyEndEvent>(chat.visitor, 'bot:reply:end');
    const half = Math.floor(text.length / 2);
    worker.delta(job, 0, text.slice(0, half));
    worker.delta(job, 1, text.slice(half));
    worker.done(job, text);
    return ended;
  }

  const SHIPPING_BODY =
    '## Where we ship\n\nWe ship to Germany, France, Austria and Canada.\n\n## How long it takes\n\n' +
    'Standard delivery takes 3 to 5 working days; express delivery arrives the next working day.';
  const PAYMENT_BODY = 'We accept Visa, Mastercard, PayPal and Apple Pay. Invoices are sent by email.';

  it("should pass the workspace's best passages in the job, never another workspace's, never a draft", async () => {
    const ours = await workspaces.create();
    const theirs = await workspaces.create();
    await workspaces.article(ours, 'Shipping countries', SHIPPING_BODY);
    await workspaces.article(ours, 'Payment methods', PAYMENT_BODY);
    await workspaces.article(ours, 'Shipping to Mars', 'We ship to Mars by rocket in 400 days.', 'draft');
    await workspaces.article(theirs, 'Shipping countries', 'We ship to Zanzibar and Tonga only, in 40 working days.');

    const chat = await workspaces.chat(ours);
    const job = await ask(chat, 'Do you ship to Canada?');
    await reply(chat, job, 'Yes, we ship to Canada.');

    expect(job.passages?.length).toBeGreaterThan(0);
    expect(job.passages?.length).toBeLessThanOrEqual(3);
    expect(job.passages?.[0]).toMatchObject({ title: 'Shipping countries' });
    expect(job.passages?.[0]?.text).toContain('Canada');
    const all = JSON.stringify(job.passages);
    expect(all).not.toContain('Zanzibar');
    expect(all).not.toContain('Mars');

    const theirChat = await workspaces.chat(theirs);
    const theirJob = await ask(theirChat, 'Do you ship to Canada?');
    await reply(theirChat, theirJob, 'We ship to Zanzibar and Tonga only.');
    expect(JSON.stringify(theirJob.passages)).toContain('Zanzibar');
    expect(JSON.stringify(theirJob.passages)).not.toContain('Germany');
  });

  it('should retrieve for a follow-up from the turns before it, and send no passages where nothing matches', async () => {
    const workspace = await workspaces.create();
    await workspaces.article(workspace, 'Payment methods', PAYMENT_BODY);
    const chat = await workspaces.chat(workspace);

    const first = await ask(chat, 'Which payment methods do you accept?');
    await reply(chat, first, 'We accept Visa, Mastercard, PayPal and Apple Pay.');
    const followUp = await ask(chat, 'and apple pay?');
    await reply(chat, followUp, 'Yes, Apple Pay works too.');
    const unrelated = await ask(chat, 'Qwertyuiop zxcvbnm?');
    await reply(chat, unrelated, 'Could you tell me more?');

    expect(first.passages?.[0]).toMatchObject({ title: 'Payment methods' });
    expect(followUp.passages?.[0]).toMatchObject({ title: 'Payment methods' });
    expect(unrelated.passages ?? []).toEqual([]);
  });

  it('should store the articles the reply drew on and send them on message:new, over REST, in the export and to webhooks', async () => {
    const workspace = await workspaces.create();
    const shipping = await workspaces.article(workspace, 'Shipping countries', SHIPPING_BODY);
    await workspaces.article(workspace, 'Payment methods', PAYMENT_BODY);
    const webhook = await http()
      .post('/api/v1/webhooks')
      .auth(workspace.adminKey, { type: 'bearer' })
      .send({ url: 'http://127.0.0.1:9/neodesk', events: ['message.created'] });
    expect(webhook.status).toBe(201);
    const chat = await workspaces.chat(workspace);

    const job = await ask(chat, 'How long does delivery take?');
    const seen = new Promise<MessageDto>((resolve) =>
      chat.visitor.on('message:new', (message: MessageDto) => message.author === 'bot' && resolve(message)),
    );
    const agentSeen = new Promise<MessageNewEvent>((resolve) =>
      chat.workspace.agent.on(
        'message:new',
        (event: MessageNewEvent) => event.message.author === 'bot' && resolve(event),
      ),
    );
    const end = await reply(chat, job, 'Standard delivery takes 3 to 5 working days.');

    const expected = [{ articleId: shipping.id, title: 'Shipping countries' }];
    expect(end.outcome).toBe('completed');
    expect((await seen).sources).toEqual(expected);
    expect((await agentSeen).message.sources).toEqual(expected);
    const [question, answer] = await workspaces.messages(chat);
    expect(question?.sources).toEqual([]);
    expect(answer).toMatchObject({ author: 'bot', sources: expected });

    const exported = await http()
      .get('/api/v1/exports/transcripts')
      .query({ format: 'json' })
      .auth(workspace.adminKey, { type: 'bearer' })
      .expect(200);
    const transcript = (exported.body as TranscriptExportDto).data.find(
      (item) => item.conversation.id === chat.conversationId,
    );
    expect(transcript?.messages.map((message) => message.sources)).toEqual([[], expected]);

    const deliveries = await app
      .get(DataSource)
      .query<Array<{ payload: { message: MessageDto } }>>(
        `SELECT payload FROM webhook_deliveries WHERE workspace_id = $1 AND event_type = 'message.created' ORDER BY created_at`,
        [workspace.tenant.workspace.id],
      );
    expect(deliveries.map((delivery) => delivery.payload.message.sources)).toEqual([[], expected]);
  });

  it('should change what the next job carries when an article is edited, without anything else', async () => {
    const workspace = await workspaces.create();
    const hours = await workspaces.article(
      workspace,
      'Opening hours',
      'Our shop is open Monday to Friday from 9:00 to 17:00.',
    );
    const chat = await workspaces.chat(workspace);

    const before = await ask(chat, 'What are your opening hours?');
    await reply(chat, before, 'We are open from 9:00 to 17:00.');
    await http()
      .patch(`/api/v1/knowledge/articles/${hours.id}`)
      .auth(workspace.adminKey, { type: 'bearer' })
      .send({ body: 'Our shop is open Monday to Saturday from 8:00 to 20:00.' })
      .expect(200);
    const after = await ask(chat, 'When are you open on Saturday?');
    await reply(chat, after, 'On Saturday we are open from 8:00 to 20:00.');

    expect(before.passages?.[0]?.text).toContain('9:00 to 17:00');
    expect(after.passages?.[0]?.text).toContain('8:00 to 20:00');
    const [, first, , second] = await workspaces.messages(chat);
    expect(first?.sources).toEqual([{ articleId: hours.id, title: 'Opening hours' }]);
    expect(second?.sources).toEqual([{ articleId: hours.id, title: 'Opening hours' }]);
  });

  it('should keep a reply that says a person will help, without sources, and hand over with no_answer', async () => {
    const workspace = await workspaces.create();
    await workspaces.article(workspace, 'Shipping countries', SHIPPING_BODY);
    const chat = await workspaces.chat(workspace);
    const handoff = nextEvent<ConversationHandoffEvent>(workspace.agent, 'conversation:handoff');

    const job = await ask(chat, 'Can I ship a parcel to Germany for my grandmother?');
    const end = await reply(
      chat,
      job,
      "I'm sorry, I don't have information about that. I'll get a person from our team to help you.",
    );

    expect(end.outcome).toBe('completed');
    expect(await handoff).toMatchObject({ reason: 'no_answer', conversation: { status: 'waiting_human' } });
    const [, answer] = await workspaces.messages(chat);
    expect(answer).toMatchObject({ author: 'bot', sources: [] });
    expect(answer?.text).toContain("I'll get a person");
    const conversation = await app.get(ConversationsService).get(workspace.tenant.workspace.id, chat.conversationId);
    expect(conversation.status).toBe('waiting_human');
    const [change] = await app
      .get(DataSource)
      .query<Array<{ reason: string }>>(
        `SELECT reason FROM conversation_status_changes WHERE conversation_id = $1 AND to_status = 'waiting_human'`,
        [chat.conversationId],
      );
    expect(change?.reason).toBe('no_answer');
  });

  it('should answer without passages when the workspace has no articles, and the reply has no sources', async () => {
    const workspace = await workspaces.create();
    const chat = await workspaces.chat(workspace);

    const job = await ask(chat, 'Do you ship to Canada?');
    await reply(chat, job, 'Yes, we ship to Canada.');

    expect(job.passages).toBeUndefined();
    const [, answer] = await workspaces.messages(chat);
    expect(answer).toMatchObject({ author: 'bot', text: 'Yes, we ship to Canada.', sources: [] });
  });

  it.each([
    ['whose model was trained without them', false],
    ['from before them (its registration does not say)', null],
  ])('should send no passages to a worker %s, and name no sources', async (_case, knowledgePassages) => {
    const workspace = await workspaces.create();
    await workspaces.article(workspace, 'Shipping countries', SHIPPING_BODY);
    // The only worker for this test: one whose model does not take passages (no neodesk_knowledge_passages).
    worker.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const plain = new ScriptedWorker(baseUrl(app), TEST_WORKER_TOKEN);
    try {
      await plain.register('plain-model', 4, { knowledgePassages });
      const chat = await workspaces.chat(workspace);
      const next = plain.nextJob();
      await chat.visitor.emitWithAck('message:send', {
        conversationId: chat.conversationId,
        clientMessageId: randomUUID(),
        text: 'How long does delivery take?',
      });
      const job = await next;
      expect(job.passages).toBeUndefined();
      const ended = nextEvent<BotReplyEndEvent>(chat.visitor, 'bot:reply:end');
      plain.done(job, 'Standard delivery takes 3 to 5 working days.');
      expect((await ended).outcome).toBe('completed');
      const [, answer] = await workspaces.messages(chat);
      // The words match the article, but the model never saw it: no source is claimed.
      expect(answer).toMatchObject({
        author: 'bot',
        text: 'Standard delivery takes 3 to 5 working days.',
        sources: [],
      });
    } finally {
      plain.close();
      worker = new ScriptedWorker(baseUrl(app), TEST_WORKER_TOKEN);
      await worker.register();
    }
  });
});
