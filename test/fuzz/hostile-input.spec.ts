import { randomUUID } from 'node:crypto';
import { REALTIME_NAMESPACES } from '@neodesk/contracts';
import { type Socket, io } from 'socket.io-client';
import { ScriptedWorker } from '../support/scripted-worker';
import { FuzzService } from './fuzz-service';
import { type Credentials, createCredentials, runHostileFuzz } from './hostile-fuzzer';

/**
 * The fuzzer of `npm run test:fuzz` with a small count, against the service started as its own process
 * (a fresh database on the DATABASE_URL server, else an embedded PGlite), and the inputs it found that
 * once answered 5xx, kept as regression tests.
 */
describe('Hostile input', () => {
  let service: FuzzService;
  let credentials: Credentials;

  beforeAll(async () => {
    service = await FuzzService.start();
    credentials = await createCredentials({
      baseUrl: service.baseUrl,
      admin: { email: service.adminEmail, password: service.adminPassword },
    });
  }, 150_000);

  /** A new visitor session (its own conversation, in bot mode) with its socket ready. */
  async function newVisitor(): Promise<{ socket: Socket; conversationId: string }> {
    const response = await fetch(`${service.baseUrl}/api/v1/widget/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ widgetKey: credentials.widgetKey }),
    });
    const session = (await response.json()) as { visitorToken: string; conversation: { id: string } };
    const socket = io(`${service.baseUrl}${REALTIME_NAMESPACES.visitor}`, {
      transports: ['websocket'],
      auth: { widgetKey: credentials.widgetKey, visitorToken: session.visitorToken },
      reconnection: false,
      forceNew: true,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('session:ready', () => resolve());
      socket.once('connect_error', reject);
    });
    return { socket, conversationId: session.conversation.id };
  }

  afterAll(async () => {
    await service?.stop();
  }, 60_000);

  it('should answer 400 problems, never a 5xx, for sequence numbers past PostgreSQL integer (fuzz seed 1, #13)', async () => {
    const [conversationId] = credentials.conversationIds;
    for (const query of ['beforeSeq=2834477323175056', 'afterSeq=2147483648', 'beforeSeq=1e300']) {
      const response = await fetch(`${service.baseUrl}/api/v1/conversations/${conversationId}/messages?${query}`, {
        headers: { authorization: `Bearer ${credentials.tokens.read}` },
      });
      expect({ query, status: response.status, type: response.headers.get('content-type') }).toEqual({
        query,
        status: 400,
        type: 'application/problem+json; charset=utf-8',
      });
      const problem = (await response.json()) as { errors?: Array<{ field: string }> };
      expect(new Set(problem.errors?.map((error) => error.field))).toEqual(new Set([`query.${query.split('=')[0]}`]));
    }
    // The largest sequence number a message can have is still a valid (empty) page.
    const largest = await fetch(
      `${service.baseUrl}/api/v1/conversations/${conversationId}/messages?afterSeq=2147483647`,
      { headers: { authorization: `Bearer ${credentials.tokens.read}` } },
    );
    expect(largest.status).toBe(200);
  });

  it('should refuse sequence numbers past PostgreSQL integer on the sockets as INVALID_PAYLOAD', async () => {
    const [conversationId] = credentials.conversationIds;
    const visitor = io(`${service.baseUrl}${REALTIME_NAMESPACES.visitor}`, {
      transports: ['websocket'],
      auth: { widgetKey: credentials.widgetKey, visitorToken: credentials.visitorToken },
      reconnection: false,
      forceNew: true,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        visitor.once('session:ready', () => resolve());
        visitor.once('connect_error', reject);
      });
      const resume = (await visitor.emitWithAck('conversation:resume', {
        conversationId,
        afterSeq: 2 ** 53,
      })) as { ok: boolean; error?: { code: string } };
      expect(resume).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
      const feedback = (await visitor.emitWithAck('message:feedback', {
        conversationId,
        seq: 2 ** 31,
        rating: 'positive',
      })) as { ok: boolean; error?: { code: string } };
      expect(feedback).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    } finally {
      visitor.disconnect();
    }
  });

  it('should answer 400, never a 5xx, for a temperature too small for PostgreSQL real (fuzz seed 8, #1458)', async () => {
    const patch = (body: unknown): Promise<Response> =>
      fetch(`${service.baseUrl}/api/v1/bot-settings`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${credentials.tokens.admin}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const tiny = await patch({ temperature: 1.6832172811065509e-270, topP: 1 });
    expect({ status: tiny.status, type: tiny.headers.get('content-type') }).toEqual({
      status: 400,
      type: 'application/problem+json; charset=utf-8',
    });
    const problem = (await tiny.json()) as { errors?: Array<{ field: string }> };
    expect(problem.errors?.map((error) => error.field)).toEqual(['body.temperature']);
    expect((await patch({ temperature: 1e-40 })).status).toBe(400);
    const zero = await patch({ temperature: 0 });
    expect({ status: zero.status, temperature: ((await zero.json()) as { temperature: number }).temperature }).toEqual({
      status: 200,
      temperature: 0,
    });
  });

  it('should log no error when a conversation is deleted while its bot reply waits for a worker (fuzz seed 985531895)', async () => {
    const session = (await (
      await fetch(`${service.baseUrl}/api/v1/widget/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ widgetKey: credentials.widgetKey }),
      })
    ).json()) as { visitorToken: string; conversation: { id: string } };
    const visitor = io(`${service.baseUrl}${REALTIME_NAMESPACES.visitor}`, {
      transports: ['websocket'],
      auth: { widgetKey: credentials.widgetKey, visitorToken: session.visitorToken },
      reconnection: false,
      forceNew: true,
    });
    const errorLinesBefore = service.figures.errorLines;
    try {
      await new Promise<void>((resolve, reject) => {
        visitor.once('session:ready', () => resolve());
        visitor.once('connect_error', reject);
      });
      const sent = (await visitor.emitWithAck('message:send', {
        conversationId: session.conversation.id,
        clientMessageId: randomUUID(),
        text: 'Where is my order?',
      })) as { ok: boolean };
      expect(sent.ok).toBe(true);
      // No worker is connected: the reply waits up to BOT_REPLY_WAIT_MS (2 s) and then hands over.
      const deleted = await fetch(`${service.baseUrl}/api/v1/conversations/${session.conversation.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${credentials.tokens.admin}` },
      });
      expect(deleted.status).toBe(204);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    } finally {
      visitor.disconnect();
    }
    expect({ errorLines: service.figures.errorLines - errorLinesBefore, crashed: service.crashed }).toEqual({
      errorLines: 0,
      crashed: false,
    });
  });

  it('should store a bot reply whose least token probability is too small for PostgreSQL real', async () => {
    const worker = new ScriptedWorker(service.baseUrl, service.workerToken);
    const { socket: visitor, conversationId } = await newVisitor();
    const errorLinesBefore = service.figures.errorLines;
    try {
      await worker.register('tiny-probabilities');
      const assigned = worker.nextJob();
      const botMessage = new Promise<{ author: string; text: string }>((resolve) => {
        visitor.on('message:new', (message: { author: string; text: string }) => {
          if (message.author === 'bot') {
            resolve(message);
          }
        });
      });
      const sent = (await visitor.emitWithAck('message:send', {
        conversationId,
        clientMessageId: randomUUID(),
        text: 'What are your opening hours?',
      })) as { ok: boolean };
      expect(sent.ok).toBe(true);
      const job = await assigned;
      // exp(-110): a real worker's least likely token, which a `real` column cannot hold (underflow).
      worker.done(job, 'We open at nine.', { mean: 0.6, min: 1.7e-48 });
      expect(await botMessage).toMatchObject({ author: 'bot', text: 'We open at nine.' });
    } finally {
      worker.socket.disconnect();
      visitor.disconnect();
    }
    expect({ errorLines: service.figures.errorLines - errorLinesBefore, crashed: service.crashed }).toEqual({
      errorLines: 0,
      crashed: false,
    });
  });

  it('should answer 400 hostile payloads on every route and event with no 5xx, crash or unhandled rejection', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
    const report = await runHostileFuzz({
      baseUrl: service.baseUrl,
      count: 400,
      seed,
      admin: { email: service.adminEmail, password: service.adminPassword },
      workerToken: service.workerToken,
      concurrency: 2,
    });
    // Let late log lines arrive before reading the figures.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const figures = {
      seed,
      sent: report.sent,
      serverErrors: report.serverErrors,
      unanswered: report.unanswered,
      crashed: service.crashed,
      unhandledRejections: service.figures.unhandledRejections,
      uncaughtExceptions: service.figures.uncaughtExceptions,
      errorLines: service.figures.lastErrorLines,
    };
    expect(figures).toEqual({
      seed,
      sent: 400,
      serverErrors: [],
      unanswered: [],
      crashed: false,
      unhandledRejections: 0,
      uncaughtExceptions: 0,
      errorLines: [],
    });
    // Both kinds of input were sent, and some of them got past validation to the handlers.
    expect(report.restRequests).toBeGreaterThan(100);
    expect(report.socketEvents).toBeGreaterThan(50);
    expect(report.statusHistogram['200'] ?? 0).toBeGreaterThan(0);
    expect(report.statusHistogram['400'] ?? 0).toBeGreaterThan(0);
  }, 120_000);
});
