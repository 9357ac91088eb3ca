import type { NestExpressApplication } from '@nestjs/platform-express';
import { BOT_PREVIEW_LIMITS, type BotPreviewDto, type BotSettingsDto } from '@neodesk/contracts';
import request from 'supertest';
import { WorkerRegistry } from '../../../apps/conversation-service/src/workers/worker-registry';
import { baseUrl } from '../../support/realtime-clients';
import { type RestTenant, fieldsOf, newRestTenant } from '../../support/rest-clients';
import { ScriptedWorker } from '../../support/scripted-worker';
import { startTestApp } from '../../support/test-app';
import { TEST_WORKER_TOKEN } from '../../support/worker-process';

const REPLY_TIMEOUT_MS = 2_000;

describe('REST POST /api/v1/bot-settings/preview', () => {
  let app: NestExpressApplication;
  let tenant: RestTenant;

  beforeAll(async () => {
    app = await startTestApp(undefined, {
      WORKER_TOKEN: TEST_WORKER_TOKEN,
      BOT_REPLY_TIMEOUT_MS: String(REPLY_TIMEOUT_MS),
      BOT_REPLY_WAIT_MS: '1000',
    });
  });

  beforeEach(async () => {
    tenant = await newRestTenant(app);
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());
  const preview = (body: unknown, token = tenant.admin.accessToken) =>
    http()
      .post('/api/v1/bot-settings/preview')
      .auth(token, { type: 'bearer' })
      .send(body as object);
  const savedSettings = async (): Promise<BotSettingsDto> =>
    (await http().get('/api/v1/bot-settings').auth(tenant.keys.read, { type: 'bearer' }).expect(200))
      .body as BotSettingsDto;
  const conversationCount = async (): Promise<number> =>
    (
      (await http().get('/api/v1/conversations').auth(tenant.keys.read, { type: 'bearer' }).expect(200)).body as {
        data: unknown[];
      }
    ).data.length;

  /** A scripted worker, registered, closed (and gone from the registry) after `use`. */
  async function withWorker(use: (worker: ScriptedWorker) => Promise<void>): Promise<void> {
    const worker = new ScriptedWorker(baseUrl(app), TEST_WORKER_TOKEN);
    try {
      await worker.register('preview');
      await use(worker);
    } finally {
      worker.close();
      await noWorkers();
    }
  }

  async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
    for (let i = 0; i < 100; i += 1) {
      const value = await probe();
      if (value !== undefined) {
        return value;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('Timed out');
  }

  async function noWorkers(): Promise<void> {
    const registry = app.get(WorkerRegistry);
    for (let i = 0; i < 100 && (await registry.list()).length > 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('should answer 503 problem+json saying no worker is connected when none is', async () => {
    const response = await preview({ messages: [{ author: 'customer', text: 'Hello?' }] }).expect(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 503, code: 'BOT_PREVIEW_NO_WORKER' });
    expect(response.body.detail).toMatch(/^No inference worker is connected/);
  });

  it('should build the job from the unsaved persona and parameters, answer the worker’s reply, and store nothing', async () => {
    const before = await savedSettings();
    await withWorker(async (worker) => {
      const job = worker.nextJob();
      const answer = preview({
        persona: 'You are Tryout, a bike shop assistant.',
        temperature: 0.4,
        topK: 12,
        topP: 0.8,
        maxNewTokens: 40,
        repetitionPenalty: 1.3,
        messages: [
          { author: 'customer', text: ' Do you repair e-bikes? ' },
          { author: 'bot', text: 'Yes, every brand.' },
          { author: 'customer', text: 'How long does it take?' },
        ],
      });
      // supertest sends on then(): start the request, then play the worker's part.
      const sent = answer.then((response) => response);
      const assigned = await job;
      expect(assigned).toEqual({
        jobId: expect.any(String),
        attempt: 1,
        persona: 'You are Tryout, a bike shop assistant.',
        turns: [
          { speaker: 'customer', text: 'Do you repair e-bikes?' },
          { speaker: 'agent', text: 'Yes, every brand.' },
          { speaker: 'customer', text: 'How long does it take?' },
        ],
        params: { maxNewTokens: 40, temperature: 0.4, topK: 12, topP: 0.8, repetitionPenalty: 1.3 },
      });
      worker.delta(assigned, 0, 'About ');
      worker.done(assigned, 'About two days.');
      const response = await sent;
      expect(response.status).toBe(200);
      expect(response.body as BotPreviewDto).toEqual({
        outcome: 'completed',
        text: 'About two days.',
        stats: {
          promptTokens: 10,
          completionTokens: 5,
          queueMs: 0,
          timeToFirstTokenMs: 1,
          totalMs: 5,
          // 4 tokens after the first in 4 ms.
          tokensPerSecond: 1000,
          finishReason: 'eos',
        },
        workerId: expect.any(String),
        modelId: 'scripted-model',
        modelVersion: 'v1',
        sources: [],
      });
    });
    expect(await savedSettings()).toEqual(before);
    expect(await conversationCount()).toBe(0);
  });

  it('should keep a preview apart from a conversation reply running on the same worker', async () => {
    await withWorker(async (worker) => {
      const replyJob = worker.nextJob();
      const conversation = await http()
        .post('/api/v1/conversations')
        .auth(tenant.keys.write, { type: 'bearer' })
        .send({ visitorId: 'v-preview' })
        .expect(201);
      const conversationId = (conversation.body as { id: string }).id;
      await http()
        .post(`/api/v1/conversations/${conversationId}/messages`)
        .auth(tenant.keys.write, { type: 'bearer' })
        .send({ author: 'customer', text: 'A real question' })
        .expect(201);
      const reply = await replyJob;
      const previewJob = worker.nextJob();
      const sent = preview({ messages: [{ author: 'customer', text: 'A tried question' }] }).then((r) => r);
      const tried = await previewJob;
      expect(tried.jobId).not.toBe(reply.jobId);
      // The preview ends first, then the reply: each answer lands where it belongs.
      worker.done(tried, 'The tried answer.');
      expect(((await sent).body as BotPreviewDto).text).toBe('The tried answer.');
      worker.done(reply, 'The real answer.');
      const texts = await until(async () => {
        const page = await http()
          .get(`/api/v1/conversations/${conversationId}/messages`)
          .auth(tenant.keys.read, { type: 'bearer' })
          .expect(200);
        const messages = (page.body as { data: Array<{ author: string; text: string }> }).data;
        return messages.some((message) => message.author === 'bot')
          ? messages.map((message) => message.text)
          : undefined;
      });
      expect(texts).toEqual(['A real question', 'The real answer.']);
    });
  });

  it("should ground the preview in the workspace's knowledge base and name the articles the answer drew on", async () => {
    const created = await http()
      .post('/api/v1/knowledge/articles')
      .auth(tenant.keys.admin, { type: 'bearer' })
      .send({ title: 'E-bike repairs', body: 'We repair e-bikes of every brand. A repair takes 2 working days.' })
      .expect(201);
    const articleId = (created.body as { id: string }).id;
    await withWorker(async (worker) => {
      const job = worker.nextJob();
      const sent = preview({ messages: [{ author: 'customer', text: 'How long does an e-bike repair take?' }] }).then(
        (r) => r,
      );
      const assigned = await job;
      expect(assigned.passages).toEqual([
        { title: 'E-bike repairs', text: expect.stringContaining('A repair takes 2 working days.') },
      ]);
      worker.done(assigned, 'A repair takes 2 working days.');
      const response = await sent;
      expect(response.status).toBe(200);
      expect((response.body as BotPreviewDto).sources).toEqual([{ articleId, title: 'E-bike repairs' }]);
    });
  });

  it('should take the saved values for settings left out (an empty persona meaning none)', async () => {
    await http()
      .patch('/api/v1/bot-settings')
      .auth(tenant.keys.admin, { type: 'bearer' })
      .send({ persona: 'Saved persona.', temperature: 0.9 })
      .expect(200);
    await withWorker(async (worker) => {
      for (const [body, persona] of [
        [{ topK: 5 }, 'Saved persona.'],
        [{ persona: '' }, null],
      ] as const) {
        const job = worker.nextJob();
        const sent = preview({ ...body, messages: [{ author: 'customer', text: 'Hi' }] }).then((r) => r);
        const assigned = await job;
        expect(assigned.persona).toBe(persona);
        expect(assigned.params.temperature).toBe(0.9);
        worker.done(assigned, 'Hello!');
        expect((await sent).status).toBe(200);
      }
    });
  });

  it('should answer a handoff, without asking a worker, when the customer uses one of the tried handoff phrases', async () => {
    await withWorker(async (worker) => {
      const response = await preview({
        handoffPhrases: ['speak to Sam'],
        messages: [{ author: 'customer', text: 'Can I speak to Sam please?' }],
      }).expect(200);
      expect(response.body).toMatchObject({ outcome: 'handoff', text: '', stats: null, sources: [] });
      expect(worker.jobs).toEqual([]);
    });
  });

  it('should answer 504 and cancel the job when the worker does not finish in time', async () => {
    await withWorker(async (worker) => {
      const started = Date.now();
      const response = await preview({ messages: [{ author: 'customer', text: 'Hello?' }] }).expect(504);
      expect(Date.now() - started).toBeGreaterThanOrEqual(REPLY_TIMEOUT_MS - 50);
      expect(response.body).toMatchObject({ status: 504, code: 'BOT_PREVIEW_TIMEOUT' });
      expect(worker.cancelled).toEqual([worker.jobs[0]?.jobId]);
    });
  });

  it('should answer 429 beyond two previews running at once in a workspace, and not for another workspace', async () => {
    const other = await newRestTenant(app);
    await withWorker(async (worker) => {
      const body = { messages: [{ author: 'customer', text: 'Hello?' }] };
      const jobs = [worker.nextJob(), worker.nextJob()];
      const running = [preview(body).then((r) => r), preview(body).then((r) => r)];
      const assigned = await Promise.all(jobs);
      const refused = await preview(body).expect(429);
      expect(refused.body).toMatchObject({ status: 429, code: 'BOT_PREVIEW_TOO_MANY' });
      const theirs = worker.nextJob();
      const otherRunning = preview(body, other.admin.accessToken).then((r) => r);
      worker.done(await theirs, 'Theirs.');
      expect((await otherRunning).status).toBe(200);
      for (const job of assigned) {
        worker.done(job, 'Done.');
      }
      expect((await Promise.all(running)).map((response) => response.status)).toEqual([200, 200]);
    });
  });

  it('should answer 502 when the worker fails the job', async () => {
    await withWorker(async (worker) => {
      worker.answer = () => ({ accepted: false, code: 'invalid', message: 'prompt too long' });
      const response = await preview({ messages: [{ author: 'customer', text: 'Hello?' }] }).expect(502);
      expect(response.body).toMatchObject({ code: 'BOT_PREVIEW_FAILED', detail: expect.stringContaining('too long') });
    });
  });

  it('should answer 400 naming each bad field, before any worker is asked', async () => {
    await withWorker(async (worker) => {
      const bad = await preview({
        persona: 'p'.repeat(2001),
        temperature: 2.5,
        topK: -1,
        handoffPhrases: ['same', 'SAME'],
        messages: [{ author: 'customer', text: 'x'.repeat(BOT_PREVIEW_LIMITS.maxMessageLength + 1) }],
      }).expect(400);
      expect(bad.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(fieldsOf(bad.body)).toEqual([
        'body.handoffPhrases',
        'body.messages.0.text',
        'body.persona',
        'body.temperature',
        'body.topK',
      ]);
      const shapes = [
        {},
        { messages: [] },
        { messages: [{ author: 'bot', text: 'I speak last' }] },
        { messages: [{ author: 'agent', text: 'Hi' }] },
        {
          messages: Array.from({ length: BOT_PREVIEW_LIMITS.maxMessages + 1 }, () => ({
            author: 'customer',
            text: 'a',
          })),
        },
        { messages: [{ author: 'customer', text: 'Hi' }], botName: 'not a preview setting' },
      ];
      for (const body of shapes) {
        const response = await preview(body).expect(400);
        expect(fieldsOf(response.body).length).toBeGreaterThan(0);
      }
      expect(worker.jobs).toEqual([]);
    });
  });

  it('should be for admins only: an agent’s token and read or write keys get 403, no credentials 401', async () => {
    const body = { messages: [{ author: 'customer', text: 'Hello?' }] };
    for (const token of [tenant.agent.accessToken, tenant.keys.read, tenant.keys.write]) {
      expect((await preview(body, token).expect(403)).body.code).toBe('AUTH_INSUFFICIENT_SCOPE');
    }
    await http().post('/api/v1/bot-settings/preview').send(body).expect(401);
  });

  it('should be documented in the OpenAPI description', async () => {
    const doc = (await http().get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const operation = doc.paths['/api/v1/bot-settings/preview']?.post;
    expect(Object.keys(operation?.responses ?? {}).sort()).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '429', '502', '503', '504']),
    );
  });
});
