import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { BotReplyEndEvent, ConversationHandoffEvent, ImportKnowledgeArticlesResultDto } from '@neodesk/contracts';
import { GuardrailSettingsService } from '../../../apps/conversation-service/src/guardrails/guardrail-settings.service';
import { SAMPLE_KNOWLEDGE_BASE_MARKDOWN } from '../../../apps/conversation-service/src/knowledge/sample/sample-knowledge-base';
import { type KnowledgeChat, type KnowledgeWorkspace, KnowledgeWorkspaces } from '../../support/knowledge-workspaces';
import { RealtimeClients, nextEvent } from '../../support/realtime-clients';
import type { ServiceProcess } from '../../support/service-process';
import { startTestApp } from '../../support/test-app';
import { TEST_WORKER_TOKEN, startWorker, workersRegistered } from '../../support/worker-process';

jest.setTimeout(180_000);

/**
 * The bundled model gets passages only when its config.json claims it was trained with them
 * (`neodesk_knowledge_passages`): until a retrained model ships, these tests cannot apply and are skipped.
 * NEODESK_SPEC_MODEL_DIR points them at a retrained model before it replaces the bundled one.
 */
const BUNDLED_MODEL_DIR =
  process.env.NEODESK_SPEC_MODEL_DIR ?? path.join(__dirname, '..', '..', '..', 'models', 'neodesk-support-gpt-neo');
const modelClaimsPassages =
  (
    JSON.parse(readFileSync(path.join(BUNDLED_MODEL_DIR, 'config.json'), 'utf8')) as {
      neodesk_knowledge_passages?: boolean;
    }
  ).neodesk_knowledge_passages === true;
const describeWithGroundedModel = modelClaimsPassages ? describe : describe.skip;

/**
 * Answers from a workspace's own knowledge base, end to end: the real service and database, a real worker
 * process running the bundled model on CPU, real socket.io clients. The model has never seen the sample
 * help centre; what it answers comes from the passages the service retrieves for each question.
 */
describeWithGroundedModel('Grounded replies with the bundled model', () => {
  let app: NestExpressApplication;
  let clients: RealtimeClients;
  let workspaces: KnowledgeWorkspaces;
  let worker: ServiceProcess;

  beforeAll(async () => {
    app = await startTestApp(undefined, {
      SESSION_SECRET: 'grounded model spec secret, 32+ characters',
      WORKER_TOKEN: TEST_WORKER_TOKEN,
    });
    clients = new RealtimeClients(app);
    workspaces = new KnowledgeWorkspaces(app, clients);
    worker = startWorker(app, { MODEL_DIR: BUNDLED_MODEL_DIR });
    await workersRegistered(app, 1, 90_000);
  });

  afterAll(async () => {
    clients?.closeAll();
    await worker?.stop();
    await app?.close();
  });

  /** A workspace whose bot answers every question itself unless the reply says it cannot (no_answer). */
  async function workspace(): Promise<KnowledgeWorkspace> {
    const created = await workspaces.create();
    // The confidence guardrail is covered by guardrails-confidence.spec.ts; here only no_answer hands over.
    await app.get(GuardrailSettingsService).update(created.tenant.workspace.id, {
      minTokenProbability: 0,
      minMeanTokenProbability: 0,
    });
    return created;
  }

  /** The visitor asks in a new conversation; resolves with the streamed text and the stored reply. */
  async function ask(target: KnowledgeWorkspace, text: string) {
    const chat = await workspaces.chat(target);
    const streamed: string[] = [];
    chat.visitor.on('bot:reply:delta', (delta: { text: string }) => streamed.push(delta.text));
    const ended = nextEvent<BotReplyEndEvent>(chat.visitor, 'bot:reply:end');
    const ack = await chat.visitor.emitWithAck('message:send', {
      conversationId: chat.conversationId,
      clientMessageId: randomUUID(),
      text,
    });
    expect(ack.ok).toBe(true);
    await ended;
    const [, answer] = await workspaces.messages(chat);
    return { chat, streamed: streamed.join(''), answer };
  }

  async function importSample(target: KnowledgeWorkspace): Promise<ImportKnowledgeArticlesResultDto> {
    const response = await workspaces
      .http()
      .post('/api/v1/knowledge/import')
      .auth(target.adminKey, { type: 'bearer' })
      .set('Content-Type', 'text/markdown')
      .send(SAMPLE_KNOWLEDGE_BASE_MARKDOWN)
      .expect(200);
    return response.body as ImportKnowledgeArticlesResultDto;
  }

  it('should answer from the imported sample help centre, name the source, and follow an edit of the article', async () => {
    const shop = await workspace();
    const imported = await importSample(shop);
    expect(imported.created).toBeGreaterThan(5);

    const before = await ask(shop, 'How long is the password reset link valid?');
    expect(before.answer).toMatchObject({ author: 'bot' });
    expect(before.answer?.text).toContain('30 minutes');
    expect(before.streamed.trim()).toBe(before.answer?.text);
    expect(before.answer?.sources.map((source) => source.title)).toContain('Your account and password');

    const account = imported.data.find((item) => item.title === 'Your account and password');
    expect(account).toBeDefined();
    const body = account?.body ?? '';
    expect(body).toContain('valid for 30 minutes');
    await workspaces
      .http()
      .patch(`/api/v1/knowledge/articles/${account?.id}`)
      .auth(shop.adminKey, { type: 'bearer' })
      .send({ body: body.replace('valid for 30 minutes', 'valid for 45 minutes') })
      .expect(200);

    const after = await ask(shop, 'How long is the password reset link valid?');
    expect(after.answer?.text).toContain('45 minutes');
    expect(after.answer?.text).not.toContain('30 minutes');
  });

  it('should hand a question the help centre does not cover to a person with no_answer', async () => {
    const shop = await workspace();
    await importSample(shop);
    const chat: KnowledgeChat = await workspaces.chat(shop);
    const handoff = nextEvent<ConversationHandoffEvent>(shop.agent, 'conversation:handoff');
    const ack = await chat.visitor.emitWithAck('message:send', {
      conversationId: chat.conversationId,
      clientMessageId: randomUUID(),
      text: 'Are you hiring at the moment?',
    });
    expect(ack.ok).toBe(true);
    expect(await handoff).toMatchObject({ reason: 'no_answer', conversation: { id: chat.conversationId } });
  });

  it("should answer each workspace from its own articles, never another's", async () => {
    const north = await workspace();
    const south = await workspace();
    await workspaces.article(
      north,
      'Shipping countries',
      'We ship to Iceland and Norway. We do not ship to other countries yet.',
    );
    await workspaces.article(
      south,
      'Shipping countries',
      'We ship to Tonga and Fiji. We do not ship to other countries yet.',
    );

    const fromNorth = await ask(north, 'Which countries do you ship to?');
    const fromSouth = await ask(south, 'Which countries do you ship to?');

    expect(fromNorth.answer?.text).toContain('Iceland and Norway');
    expect(fromSouth.answer?.text).toContain('Tonga and Fiji');
    expect(fromNorth.answer?.text).not.toMatch(/Tonga|Fiji/);
    expect(fromSouth.answer?.text).not.toMatch(/Iceland|Norway/);
  });
});
