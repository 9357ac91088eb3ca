import crypto, { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type {
  ConversationDto,
  WebhookDeliveryDto,
  WebhookDeliveryPageDto,
  WebhookDto,
  WebhookEventBody,
  WebhookEventType,
  WebhookListDto,
  WebhookWithSecretDto,
} from '@neodesk/contracts';
import { ABANDONED_ATTEMPT_ERROR, Repositories } from '@neodesk/persistence';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApiKeysService } from '../../../apps/conversation-service/src/api-keys/api-keys.service';
import { MessagesService } from '../../../apps/conversation-service/src/messages/messages.service';
import { WebhookDeliveryPruner } from '../../../apps/conversation-service/src/webhooks/webhook-delivery-pruner';
import { type RestTenant, createKey, fieldsOf, newRestTenant } from '../../support/rest-clients';
import { startTestApp } from '../../support/test-app';
import { type ScratchDatabase, createScratchDatabase } from '../../support/test-database';
import { WebhookReceiver } from '../../support/webhook-receiver';

/**
 * The README's verification snippet, as written there (typed): a receiver's check of a delivery.
 */
function verifyNeodeskWebhook(
  secret: string,
  headers: IncomingHttpHeaders,
  rawBody: string,
  toleranceSeconds = 300,
): boolean {
  const timestamp = headers['neodesk-webhook-timestamp'];
  const signature = headers['neodesk-webhook-signature'];
  if (typeof timestamp !== 'string' || typeof signature !== 'string') {
    return false;
  }
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > toleranceSeconds) {
    return false; // too old (or from the future): a replay
  }
  const expected = Buffer.from(
    `v1=${crypto.createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`,
  );
  const given = Buffer.from(signature);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

/** Short retries so that a whole retry schedule runs in a test; the receiver is on loopback. */
const FAST: Record<string, string> = {
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  WEBHOOK_RETRY_BASE_MS: '50',
  WEBHOOK_RETRY_MAX_MS: '300',
  WEBHOOK_MAX_ATTEMPTS: '5',
  WEBHOOK_POLL_INTERVAL_MS: '100',
  WEBHOOK_TIMEOUT_MS: '2000',
  // No worker joins: a customer message gets the fallback and goes to the queue at once.
  BOT_REPLY_WAIT_MS: '0',
};

const ALL_EVENTS: WebhookEventType[] = [
  'conversation.created',
  'message.created',
  'conversation.handoff',
  'conversation.resolved',
  'feedback.created',
];

/** Retries an assertion until it passes (deliveries are sent in the background). */
async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

// A database of its own: every service on the shared test database runs a dispatcher, and one that does
// not allow loopback receivers would take these deliveries and record refusals.
let scratch: ScratchDatabase;
let receiver: WebhookReceiver;

beforeAll(async () => {
  scratch = await createScratchDatabase('webhooks');
  receiver = await WebhookReceiver.start();
});

afterAll(async () => {
  await receiver.close();
  await scratch.drop();
});

/** Calls against one app with one tenant's credentials. */
function client(app: () => NestExpressApplication, tenant: () => RestTenant) {
  const http = () => request(app().getHttpServer());
  const admin = () => tenant().keys.admin;
  return {
    http,
    async createWebhook(body: object, token = admin()): Promise<WebhookWithSecretDto> {
      return (await http().post('/api/v1/webhooks').auth(token, { type: 'bearer' }).send(body).expect(201))
        .body as WebhookWithSecretDto;
    },
    async openConversation(visitorId = 'crm-1'): Promise<ConversationDto> {
      return (
        await http()
          .post('/api/v1/conversations')
          .auth(tenant().keys.write, { type: 'bearer' })
          .send({ visitorId })
          .expect(201)
      ).body as ConversationDto;
    },
    async deliveries(webhookId: string, query = ''): Promise<WebhookDeliveryDto[]> {
      return (
        (
          await http()
            .get(`/api/v1/webhooks/${webhookId}/deliveries${query}`)
            .auth(admin(), { type: 'bearer' })
            .expect(200)
        ).body as WebhookDeliveryPageDto
      ).data;
    },
  };
}

describe('REST /api/v1/webhooks and signed deliveries', () => {
  let app: NestExpressApplication;
  let tenant: RestTenant;
  let other: RestTenant;
  const api = client(
    () => app,
    () => tenant,
  );

  beforeAll(async () => {
    app = await startTestApp(scratch.url, FAST);
    other = await newRestTenant(app);
  });

  beforeEach(async () => {
    tenant = await newRestTenant(app);
    receiver.respond = () => 200;
  });

  afterAll(async () => {
    await app.close();
  });

  const path = () => `/hooks/${randomUUID()}`;

  it('should show the secret once, and manage endpoints: list, get, change, rotate, delete', async () => {
    const created = await api.createWebhook({
      url: receiver.url(path()),
      events: ['conversation.created', 'message.created'],
      description: 'CRM',
    });
    expect(created).toMatchObject({ events: ['conversation.created', 'message.created'], enabled: true });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

    const auth = { type: 'bearer' } as const;
    const listed = (await api.http().get('/api/v1/webhooks').auth(tenant.keys.admin, auth).expect(200))
      .body as WebhookListDto;
    expect(listed.data.map((webhook) => webhook.id)).toEqual([created.id]);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    const got = await api.http().get(`/api/v1/webhooks/${created.id}`).auth(tenant.keys.admin, auth).expect(200);
    expect(got.body).not.toHaveProperty('secret');
    expect(got.body).toMatchObject({ id: created.id, description: 'CRM' });

    const patched = (
      await api
        .http()
        .patch(`/api/v1/webhooks/${created.id}`)
        .auth(tenant.keys.admin, auth)
        .send({ events: ['conversation.resolved'], enabled: false, description: null })
        .expect(200)
    ).body as WebhookDto;
    expect(patched).toMatchObject({ events: ['conversation.resolved'], enabled: false, description: null });

    const rotated = (
      await api.http().post(`/api/v1/webhooks/${created.id}/rotate-secret`).auth(tenant.keys.admin, auth).expect(200)
    ).body as WebhookWithSecretDto;
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
    expect(rotated.id).toBe(created.id);

    await api.http().delete(`/api/v1/webhooks/${created.id}`).auth(tenant.keys.admin, auth).expect(204);
    const gone = await api.http().get(`/api/v1/webhooks/${created.id}`).auth(tenant.keys.admin, auth).expect(404);
    expect(gone.body).toMatchObject({ status: 404, code: 'WEBHOOK_NOT_FOUND' });
  });

  it('should answer 400 naming the fields for bad endpoints and queries', async () => {
    const auth = { type: 'bearer' } as const;
    const bad = await api
      .http()
      .post('/api/v1/webhooks')
      .auth(tenant.keys.admin, auth)
      .send({ url: 'ftp://example.com/x', events: ['conversation.created', 'nope'], extra: 1 })
      .expect(400);
    expect(fieldsOf(bad.body)).toEqual(['body', 'body.events.1', 'body.url']);
    for (const events of [[], ['message.created', 'message.created']]) {
      const response = await api
        .http()
        .post('/api/v1/webhooks')
        .auth(tenant.keys.admin, auth)
        .send({ url: receiver.url('/x'), events })
        .expect(400);
      expect(fieldsOf(response.body)).toEqual(['body.events']);
    }
    const created = await api.createWebhook({ url: receiver.url(path()), events: ['conversation.created'] });
    const empty = await api
      .http()
      .patch(`/api/v1/webhooks/${created.id}`)
      .auth(tenant.keys.admin, auth)
      .send({})
      .expect(400);
    expect(empty.body.code).toBe('VALIDATION_FAILED');
    await api.http().get('/api/v1/webhooks/not-a-uuid').auth(tenant.keys.admin, auth).expect(400);
    const query = await api
      .http()
      .get(`/api/v1/webhooks/${created.id}/deliveries?limit=0&status=lost`)
      .auth(tenant.keys.admin, auth)
      .expect(400);
    expect(fieldsOf(query.body)).toEqual(['query.limit', 'query.status']);
  });

  it('should refuse every webhook route without credentials, with a revoked key, and to non-admins', async () => {
    const created = await api.createWebhook({ url: receiver.url(path()), events: ['conversation.created'] });
    const revoked = await createKey(app, tenant.keys.admin, { name: 'Revoked', scopes: ['admin'] });
    await app.get(ApiKeysService).revoke(tenant.workspace.id, revoked.id);
    const id = created.id;
    const deliveryId = randomUUID();
    const calls = [
      () =>
        api
          .http()
          .post('/api/v1/webhooks')
          .send({ url: receiver.url('/x'), events: ['message.created'] }),
      () => api.http().get('/api/v1/webhooks'),
      () => api.http().get(`/api/v1/webhooks/${id}`),
      () => api.http().patch(`/api/v1/webhooks/${id}`).send({ enabled: false }),
      () => api.http().delete(`/api/v1/webhooks/${id}`),
      () => api.http().post(`/api/v1/webhooks/${id}/rotate-secret`),
      () => api.http().get(`/api/v1/webhooks/${id}/deliveries`),
      () => api.http().get(`/api/v1/webhooks/${id}/deliveries/${deliveryId}`),
      () => api.http().post(`/api/v1/webhooks/${id}/deliveries/${deliveryId}/redeliver`),
    ];
    for (const call of calls) {
      expect((await call().expect(401)).body.code).toBe('AUTH_MISSING_CREDENTIALS');
      expect((await call().auth(revoked.key, { type: 'bearer' }).expect(401)).body.code).toBe('AUTH_INVALID_API_KEY');
      for (const token of [tenant.keys.write, tenant.keys.read, tenant.agent.accessToken]) {
        expect((await call().auth(token, { type: 'bearer' }).expect(403)).body.code).toBe('AUTH_INSUFFICIENT_SCOPE');
      }
    }
    // Nothing changed: the endpoint is still there and enabled.
    const got = await api.http().get(`/api/v1/webhooks/${id}`).auth(tenant.keys.admin, { type: 'bearer' }).expect(200);
    expect(got.body.enabled).toBe(true);
  });

  it("should keep workspaces apart: another workspace's admin finds none of this one's endpoints", async () => {
    const created = await api.createWebhook({ url: receiver.url(path()), events: ['conversation.created'] });
    await api.openConversation();
    const [delivery] = await eventually(async () => {
      const list = await api.deliveries(created.id);
      expect(list).toHaveLength(1);
      return list;
    });
    const id = created.id;
    const theirs = (await api.http().get('/api/v1/webhooks').auth(other.keys.admin, { type: 'bearer' }).expect(200))
      .body as WebhookListDto;
    expect(theirs.data.map((webhook) => webhook.id)).not.toContain(id);
    const calls = [
      () => api.http().get(`/api/v1/webhooks/${id}`),
      () => api.http().patch(`/api/v1/webhooks/${id}`).send({ enabled: false }),
      () => api.http().delete(`/api/v1/webhooks/${id}`),
      () => api.http().post(`/api/v1/webhooks/${id}/rotate-secret`),
      () => api.http().get(`/api/v1/webhooks/${id}/deliveries`),
    ];
    for (const call of calls) {
      expect((await call().auth(other.keys.admin, { type: 'bearer' }).expect(404)).body.code).toBe('WEBHOOK_NOT_FOUND');
    }
    for (const call of [
      () => api.http().get(`/api/v1/webhooks/${id}/deliveries/${delivery.id}`),
      () => api.http().post(`/api/v1/webhooks/${id}/deliveries/${delivery.id}/redeliver`),
    ]) {
      const response = await call().auth(other.keys.admin, { type: 'bearer' }).expect(404);
      expect(response.body.code).toBe('WEBHOOK_DELIVERY_NOT_FOUND');
    }
    // Still there, enabled, with the secret it was made with.
    const got = await api.http().get(`/api/v1/webhooks/${id}`).auth(tenant.keys.admin, { type: 'bearer' }).expect(200);
    expect(got.body.enabled).toBe(true);
  });

  it('should send each event signed so that the documented snippet verifies it, with its delivery id', async () => {
    const hook = path();
    const created = await api.createWebhook({ url: receiver.url(hook), events: ALL_EVENTS });
    const conversation = await api.openConversation();
    const posted = await api
      .http()
      .post(`/api/v1/conversations/${conversation.id}/messages`)
      .auth(tenant.keys.write, { type: 'bearer' })
      .set('Idempotency-Key', 'crm-msg-1')
      .send({ author: 'customer', text: 'Where is my order?' })
      .expect(201);
    // No worker: the fallback (a system message) and the queue follow; then an agent resolves it.
    await eventually(async () => {
      const got = await api
        .http()
        .get(`/api/v1/conversations/${conversation.id}`)
        .auth(tenant.keys.read, { type: 'bearer' })
        .expect(200);
      expect(got.body.status).toBe('waiting_human');
    });
    // A retry with the same key stores nothing and sends nothing.
    await api
      .http()
      .post(`/api/v1/conversations/${conversation.id}/messages`)
      .auth(tenant.keys.write, { type: 'bearer' })
      .set('Idempotency-Key', 'crm-msg-1')
      .send({ author: 'customer', text: 'Where is my order?' })
      .expect(200);
    await api
      .http()
      .patch(`/api/v1/conversations/${conversation.id}`)
      .auth(tenant.keys.write, { type: 'bearer' })
      .send({ status: 'resolved' })
      .expect(200);

    const received = await receiver.waitFor(hook, (list) => list.length >= 5);
    const bodies = received.map((entry) => JSON.parse(entry.rawBody) as WebhookEventBody);
    expect(bodies.map((body) => body.type)).toEqual([
      'conversation.created',
      'message.created',
      'conversation.handoff',
      'message.created',
      'conversation.resolved',
    ]);
    for (const [i, entry] of received.entries()) {
      expect(verifyNeodeskWebhook(created.secret, entry.headers, entry.rawBody)).toBe(true);
      expect(entry.headers['content-type']).toBe('application/json');
      expect(bodies[i]).toMatchObject({
        workspaceId: tenant.workspace.id,
        data: { conversation: { id: conversation.id } },
      });
      expect(new Date(bodies[i].createdAt).toISOString()).toBe(bodies[i].createdAt);
    }
    const [, customerMessage, handoff, fallback, resolved] = bodies;
    expect(customerMessage.data).toMatchObject({ message: { id: posted.body.message.id, author: 'customer' } });
    expect(handoff.data).toMatchObject({ reason: 'bot_unavailable', conversation: { status: 'waiting_human' } });
    expect(fallback.data).toMatchObject({ message: { author: 'system' } });
    expect(resolved.data).toMatchObject({ conversation: { status: 'resolved' } });

    // Tampering, another secret or an old timestamp fail the check.
    const first = received[0];
    expect(
      verifyNeodeskWebhook(created.secret, first.headers, first.rawBody.replace('conversation', 'Conversation')),
    ).toBe(false);
    expect(verifyNeodeskWebhook(`${created.secret}x`, first.headers, first.rawBody)).toBe(false);
    expect(verifyNeodeskWebhook(created.secret, first.headers, first.rawBody, -1)).toBe(false);

    // The id header is the delivery's id, listed with its attempt.
    const deliveries = await eventually(async () => {
      const list = await api.deliveries(created.id);
      expect(list.every((delivery) => delivery.status === 'succeeded')).toBe(true);
      return list;
    });
    expect(deliveries).toHaveLength(5);
    expect(new Set(received.map((entry) => entry.headers['neodesk-webhook-id']))).toEqual(
      new Set(deliveries.map((delivery) => delivery.id)),
    );
    for (const delivery of deliveries) {
      expect(delivery.attempts).toEqual([
        { attempt: 1, startedAt: expect.any(String), durationMs: expect.any(Number), responseStatus: 200, error: null },
      ]);
      expect(delivery).toMatchObject({ attemptCount: 1, nextAttemptAt: null, lastResponseStatus: 200 });
    }
  });

  it('should send feedback.created for each new or changed rating of a bot message', async () => {
    const hook = path();
    const created = await api.createWebhook({ url: receiver.url(hook), events: ['feedback.created'] });
    const conversation = await api.openConversation();
    const messages = app.get(MessagesService);
    const question = await messages.append(tenant.workspace.id, conversation.id, { author: 'customer', text: 'Hi' });
    const answer = await messages.append(tenant.workspace.id, conversation.id, {
      author: 'bot',
      text: 'Hello! How can I help?',
      replyToSeq: question.message.seq,
      generation: {
        modelId: 'neodesk-support-gpt-neo',
        modelVersion: '1',
        promptTokens: 10,
        completionTokens: 6,
        queueMs: 1,
        timeToFirstTokenMs: 2,
        totalMs: 3,
        finishReason: 'eos',
      },
    });
    const rate = (body: object) =>
      api
        .http()
        .post(`/api/v1/conversations/${conversation.id}/messages/${answer.message.seq}/feedback`)
        .auth(tenant.keys.write, { type: 'bearer' })
        .send(body)
        .expect(200);
    await rate({ rating: 'negative', comment: 'Too short' });
    await rate({ rating: 'negative', comment: 'Too short' }); // the same again: nothing new
    await rate({ rating: 'positive' });

    await receiver.waitFor(hook, (list) => list.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const received = receiver.at(hook);
    expect(received).toHaveLength(2);
    const bodies = received.map((entry) => JSON.parse(entry.rawBody) as WebhookEventBody<'feedback.created'>);
    for (const [i, entry] of received.entries()) {
      expect(verifyNeodeskWebhook(created.secret, entry.headers, entry.rawBody)).toBe(true);
      expect(bodies[i]).toMatchObject({
        type: 'feedback.created',
        data: { conversation: { id: conversation.id }, message: { id: answer.message.id, author: 'bot' } },
      });
    }
    expect(
      bodies.map((body) => [body.data.feedback.rating, body.data.feedback.comment, body.data.message.feedback]),
    ).toEqual([
      ['negative', 'Too short', 'negative'],
      ['positive', null, 'positive'],
    ]);
    expect(bodies[0].data.feedback).toMatchObject({ messageId: answer.message.id, seq: answer.message.seq });
  });

  it('should sign with the new secret after a rotation, and send nothing to disabled endpoints', async () => {
    const hook = path();
    const created = await api.createWebhook({ url: receiver.url(hook), events: ['conversation.created'] });
    const rotated = (
      await api
        .http()
        .post(`/api/v1/webhooks/${created.id}/rotate-secret`)
        .auth(tenant.keys.admin, { type: 'bearer' })
        .expect(200)
    ).body as WebhookWithSecretDto;
    await api.openConversation();
    const [entry] = await receiver.waitFor(hook, (list) => list.length === 1);
    expect(verifyNeodeskWebhook(rotated.secret, entry.headers, entry.rawBody)).toBe(true);
    expect(verifyNeodeskWebhook(created.secret, entry.headers, entry.rawBody)).toBe(false);

    await api
      .http()
      .patch(`/api/v1/webhooks/${created.id}`)
      .auth(tenant.keys.admin, { type: 'bearer' })
      .send({ enabled: false })
      .expect(200);
    await api.openConversation();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.at(hook)).toHaveLength(1);
    expect(await api.deliveries(created.id)).toHaveLength(1);
  });

  it('should retry a receiver that fails three times and deliver the event exactly once, recording 4 attempts', async () => {
    const attemptsBefore = await webhookAttemptCounts();
    const hook = path();
    receiver.respond = ({ path: at, index }) => (at === hook && index < 3 ? 500 : 200);
    const created = await api.createWebhook({ url: receiver.url(hook), events: ['conversation.created'] });
    const conversation = await api.openConversation();

    const [delivery] = await eventually(async () => {
      const list = await api.deliveries(created.id);
      expect(list).toHaveLength(1);
      expect(list[0].status).toBe('succeeded');
      return list;
    });
    expect(delivery.attempts.map((attempt) => [attempt.attempt, attempt.responseStatus])).toEqual([
      [1, 500],
      [2, 500],
      [3, 500],
      [4, 200],
    ]);
    expect(delivery.attempts[0].error).toBe('The receiver answered HTTP 500');
    expect(delivery.attempts[3].error).toBeNull();
    const started = delivery.attempts.map((attempt) => Date.parse(attempt.startedAt));
    expect(started).toEqual([...started].sort((a, b) => a - b));
    expect(delivery).toMatchObject({ attemptCount: 4, lastResponseStatus: 200, lastError: null });
    expect(delivery.deliveredAt).toEqual(expect.any(String));

    // Received 4 times, the same delivery and the same body each time; accepted once; nothing more comes.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const received = receiver.at(hook);
    expect(received.map((entry) => entry.answered)).toEqual([500, 500, 500, 200]);
    expect(new Set(received.map((entry) => entry.headers['neodesk-webhook-id']))).toEqual(new Set([delivery.id]));
    expect(new Set(received.map((entry) => entry.rawBody)).size).toBe(1);
    expect(JSON.parse(received[0].rawBody)).toMatchObject({
      type: 'conversation.created',
      data: { conversation: { id: conversation.id } },
    });
    // GET /metrics counted the attempts by result.
    const attemptsAfter = await webhookAttemptCounts();
    expect(attemptsAfter.retrying - attemptsBefore.retrying).toBeGreaterThanOrEqual(3);
    expect(attemptsAfter.delivered - attemptsBefore.delivered).toBeGreaterThanOrEqual(1);
  });

  it("should deliver each conversation's events in the order they happened, across a receiver outage", async () => {
    const hook = path();
    // The receiver is down for its first three requests: the first event is retried while later ones wait.
    receiver.respond = ({ path: at, index }) => (at === hook && index < 3 ? 503 : 200);
    const created = await api.createWebhook({
      url: receiver.url(hook),
      events: ['conversation.created', 'message.created'],
    });
    const say = (conversation: ConversationDto, text: string) =>
      api
        .http()
        .post(`/api/v1/conversations/${conversation.id}/messages`)
        .auth(tenant.keys.write, { type: 'bearer' })
        .send({ author: 'agent', text, agentUserId: tenant.agent.user.id })
        .expect(201);
    const first = await api.openConversation('crm-order-1');
    const second = await api.openConversation('crm-order-2');
    for (const text of ['one', 'two', 'three']) {
      await say(first, text);
      await say(second, text);
    }

    await eventually(async () => {
      const list = await api.deliveries(created.id);
      expect(list).toHaveLength(8);
      expect(list.every((delivery) => delivery.status === 'succeeded')).toBe(true);
    }, 20_000);
    const accepted = receiver
      .at(hook)
      .filter((entry) => entry.answered === 200)
      .map(
        (entry) =>
          JSON.parse(entry.rawBody) as {
            type: string;
            data: { conversation: { id: string }; message?: { seq: number } };
          },
      );
    const orderOf = (conversation: ConversationDto) =>
      accepted
        .filter((body) => body.data.conversation.id === conversation.id)
        .map((body) => (body.type === 'message.created' ? `message ${body.data.message?.seq}` : body.type));
    expect(orderOf(first)).toEqual(['conversation.created', 'message 1', 'message 2', 'message 3']);
    expect(orderOf(second)).toEqual(['conversation.created', 'message 1', 'message 2', 'message 3']);
  });

  /** neodesk_webhook_delivery_attempts_total for conversation.created, by result, from GET /metrics. */
  async function webhookAttemptCounts(): Promise<{ retrying: number; delivered: number }> {
    const text = (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
    const count = (result: string): number => {
      const line = text
        .split('\n')
        .find((row) =>
          row.startsWith(`neodesk_webhook_delivery_attempts_total{event="conversation.created",result="${result}"}`),
        );
      return line === undefined ? 0 : Number(line.split(' ').at(-1));
    };
    return { retrying: count('retrying'), delivered: count('delivered') };
  }

  it('should give up after WEBHOOK_MAX_ATTEMPTS, and send it again on redelivery with a fresh budget', async () => {
    const hook = path();
    let failing = true;
    receiver.respond = ({ path: at }) => (at === hook && failing ? 503 : 200);
    const created = await api.createWebhook({ url: receiver.url(hook), events: ['conversation.created'] });
    await api.openConversation();
    const [failed] = await eventually(async () => {
      const list = await api.deliveries(created.id, '?status=failed');
      expect(list).toHaveLength(1);
      return list;
    });
    expect(failed.attempts).toHaveLength(5);
    expect(failed).toMatchObject({ attemptCount: 5, lastResponseStatus: 503, nextAttemptAt: null, deliveredAt: null });
    expect(await api.deliveries(created.id, '?status=pending')).toEqual([]);

    failing = false;
    const redelivered = await api
      .http()
      .post(`/api/v1/webhooks/${created.id}/deliveries/${failed.id}/redeliver`)
      .auth(tenant.keys.admin, { type: 'bearer' })
      .expect(202);
    expect(redelivered.body).toMatchObject({ id: failed.id, status: 'pending' });
    const done = await eventually(async () => {
      const got = await api
        .http()
        .get(`/api/v1/webhooks/${created.id}/deliveries/${failed.id}`)
        .auth(tenant.keys.admin, { type: 'bearer' })
        .expect(200);
      expect(got.body.status).toBe('succeeded');
      return got.body as WebhookDeliveryDto;
    });
    expect(done.attempts.map((attempt) => attempt.responseStatus)).toEqual([503, 503, 503, 503, 503, 200]);
    expect(receiver.at(hook).filter((entry) => entry.answered === 200)).toHaveLength(1);

    // A delivered one can be sent again too: the same id and body.
    await api
      .http()
      .post(`/api/v1/webhooks/${created.id}/deliveries/${failed.id}/redeliver`)
      .auth(tenant.keys.admin, { type: 'bearer' })
      .expect(202);
    const again = await receiver.waitFor(hook, (list) => list.filter((entry) => entry.answered === 200).length === 2);
    expect(again.at(-1)?.headers['neodesk-webhook-id']).toBe(failed.id);
    expect(again.at(-1)?.rawBody).toBe(again[0].rawBody);
  });

  it('should page deliveries newest first with a cursor', async () => {
    const created = await api.createWebhook({ url: receiver.url(path()), events: ['conversation.created'] });
    for (let i = 0; i < 3; i++) {
      await api.openConversation(`visitor-${i}`);
    }
    const all = await eventually(async () => {
      const list = await api.deliveries(created.id);
      expect(list).toHaveLength(3);
      return list;
    });
    expect(
      all.map((delivery) => (delivery.event.data as { conversation: ConversationDto }).conversation.visitorId),
    ).toEqual(['visitor-2', 'visitor-1', 'visitor-0']);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (
        await api
          .http()
          .get(`/api/v1/webhooks/${created.id}/deliveries?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`)
          .auth(tenant.keys.admin, { type: 'bearer' })
          .expect(200)
      ).body as WebhookDeliveryPageDto;
      seen.push(...page.data.map((delivery) => delivery.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(all.map((delivery) => delivery.id));
  });

  it('should take over a delivery whose sender died once its lease has passed, recording the lost attempt', async () => {
    const hook = path();
    const created = await api.createWebhook({ url: receiver.url(hook), events: ['conversation.created'] });
    // What a replica that died mid-attempt leaves behind: a claim whose lease ends shortly.
    const [row] = await app.get(DataSource).query<Array<{ id: string }>>(
      `INSERT INTO webhook_deliveries (workspace_id, webhook_id, event_type, event_id, payload, attempts,
                                       claim_token, last_attempt_at, next_attempt_at)
       VALUES ($1, $2, 'conversation.created', gen_random_uuid(), '{"conversation":{}}', 1,
               gen_random_uuid(), now() - interval '1 minute', now() + interval '300 milliseconds')
       RETURNING id`,
      [tenant.workspace.id, created.id],
    );
    const delivery = await eventually(async () => {
      const [listed] = await api.deliveries(created.id);
      expect(listed.status).toBe('succeeded');
      return listed;
    });
    expect(delivery.id).toBe(row.id);
    expect(delivery.attempts).toEqual([
      {
        attempt: 1,
        startedAt: expect.any(String),
        durationMs: null,
        responseStatus: null,
        error: ABANDONED_ATTEMPT_ERROR,
      },
      { attempt: 2, startedAt: expect.any(String), durationMs: expect.any(Number), responseStatus: 200, error: null },
    ]);
    expect(receiver.at(hook)).toHaveLength(1);
  });

  it('should delete finished deliveries and their attempts past WEBHOOK_RETENTION_DAYS, keeping pending and recent ones', async () => {
    const created = await api.createWebhook({ url: receiver.url(path()), events: ['conversation.resolved'] });
    const db = app.get(DataSource);
    const now = new Date();
    const day = 24 * 60 * 60 * 1000;
    const insert = async (status: string, ageDays: number): Promise<string> => {
      // Not due for a day, so the running dispatcher leaves even the pending one alone.
      const [row] = await db.query<Array<{ id: string }>>(
        `INSERT INTO webhook_deliveries (workspace_id, webhook_id, event_type, event_id, payload, status, created_at, next_attempt_at)
         VALUES ($1, $2, 'conversation.resolved', $3, '{}', $4, $5, $6) RETURNING id`,
        [
          tenant.workspace.id,
          created.id,
          randomUUID(),
          status,
          new Date(now.getTime() - ageDays * day),
          new Date(now.getTime() + day),
        ],
      );
      await db.query(
        `INSERT INTO webhook_delivery_attempts (workspace_id, delivery_id, attempt, started_at) VALUES ($1, $2, 1, $3)`,
        [tenant.workspace.id, row.id, new Date(now.getTime() - ageDays * day)],
      );
      return row.id;
    };
    const [sent, failed, pending, recent] = [
      await insert('succeeded', 31),
      await insert('failed', 400),
      await insert('pending', 60),
      await insert('succeeded', 29),
    ];

    const pruned = await app.get(WebhookDeliveryPruner).prune(now);

    expect(pruned).toBe(2);
    const left = await db.query<Array<{ id: string }>>(`SELECT id FROM webhook_deliveries WHERE webhook_id = $1`, [
      created.id,
    ]);
    expect(left.map((row) => row.id).sort()).toEqual([pending, recent].sort());
    const attempts = await db.query<unknown[]>(`SELECT 1 FROM webhook_delivery_attempts WHERE delivery_id = ANY($1)`, [
      [sent, failed],
    ]);
    expect(attempts).toEqual([]);
    expect(await app.get(WebhookDeliveryPruner).prune(now)).toBe(0);
  });

  it('should write nothing to the outbox of a workspace without subscribed endpoints', async () => {
    const created = await api.createWebhook({ url: receiver.url(path()), events: ['conversation.resolved'] });
    await api.openConversation();
    const rows = await app
      .get(DataSource)
      .query<unknown[]>(`SELECT 1 FROM webhook_deliveries WHERE workspace_id = $1`, [tenant.workspace.id]);
    expect(rows).toEqual([]);
    expect(await api.deliveries(created.id)).toEqual([]);
  });
});

describe('webhook deliveries across a restart', () => {
  let tenant: RestTenant;
  let app: NestExpressApplication;
  const api = client(
    () => app,
    () => tenant,
  );

  afterAll(async () => {
    await app.close();
  });

  it('should stop the dispatcher on close, interrupting a hung attempt, and lose nothing across a restart', async () => {
    app = await startTestApp(scratch.url, FAST);
    tenant = await newRestTenant(app);
    const hook = `/hooks/${randomUUID()}`;
    // The first attempt fails, the second hangs until the service stops, the next ones succeed.
    receiver.respond = ({ path: at, index }) => (at !== hook ? 200 : index === 0 ? 500 : index === 1 ? 'hang' : 200);
    const created = await api.createWebhook({ url: receiver.url(hook), events: ['conversation.created'] });
    await api.openConversation();
    await receiver.waitFor(hook, (list) => list.length === 2);

    const closing = Date.now();
    await app.close();
    // The hung attempt gets the shutdown grace (at most WEBHOOK_TIMEOUT_MS), then is interrupted.
    expect(Date.now() - closing).toBeLessThan(5_000);

    app = await startTestApp(scratch.url, FAST);
    const [delivery] = await eventually(async () => {
      const list = await api.deliveries(created.id);
      expect(list[0].status).toBe('succeeded');
      return list;
    });
    expect(delivery.attempts.map((attempt) => [attempt.attempt, attempt.responseStatus, attempt.error])).toEqual([
      [1, 500, 'The receiver answered HTTP 500'],
      [2, null, 'Interrupted: the service shut down'],
      [3, 200, null],
    ]);
    const received = receiver.at(hook);
    expect(received.map((entry) => entry.answered)).toEqual([500, 0, 200]);
    expect(new Set(received.map((entry) => entry.headers['neodesk-webhook-id']))).toEqual(new Set([delivery.id]));
  });
});

describe('receivers on private networks when they are not allowed (the default)', () => {
  let app: NestExpressApplication;
  let tenant: RestTenant;
  const api = client(
    () => app,
    () => tenant,
  );

  beforeAll(async () => {
    app = await startTestApp(scratch.url, { ...FAST, WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'false' });
    tenant = await newRestTenant(app);
  });

  afterAll(async () => {
    await app.close();
  });

  it('should refuse loopback, private, link-local, CGNAT and similar receivers at creation and on change', async () => {
    for (const url of [
      receiver.url('/x'),
      'http://localhost:8080/hook',
      'http://10.1.2.3/hook',
      'http://172.20.0.1/hook',
      'http://192.168.1.10/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://100.64.0.1/hook',
      'http://0.0.0.0/hook',
      'http://224.0.0.1/hook',
      'http://[::1]/hook',
      'http://[fd00::1]/hook',
      'http://[fe80::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://[::]/hook',
    ]) {
      const response = await api
        .http()
        .post('/api/v1/webhooks')
        .auth(tenant.keys.admin, { type: 'bearer' })
        .send({ url, events: ['conversation.created'] })
        .expect(422);
      expect(response.body.code).toBe('WEBHOOK_URL_NOT_ALLOWED');
    }
    const credentials = await api
      .http()
      .post('/api/v1/webhooks')
      .auth(tenant.keys.admin, { type: 'bearer' })
      .send({ url: 'https://user:secret@93.184.216.34/hook', events: ['conversation.created'] })
      .expect(422);
    expect(credentials.body.code).toBe('WEBHOOK_URL_NOT_ALLOWED');

    // A public address is fine (disabled: nothing is sent to it from here).
    const created = await api.createWebhook({
      url: 'https://93.184.216.34/hook',
      events: ['conversation.created'],
      enabled: false,
    });
    const changed = await api
      .http()
      .patch(`/api/v1/webhooks/${created.id}`)
      .auth(tenant.keys.admin, { type: 'bearer' })
      .send({ url: 'http://127.0.0.1:9/hook' })
      .expect(422);
    expect(changed.body.code).toBe('WEBHOOK_URL_NOT_ALLOWED');
  });

  it('should refuse at delivery time too, when a host resolves to a private address later', async () => {
    const hook = `/hooks/${randomUUID()}`;
    // As if its name had resolved to a public address when it was made, and to loopback now.
    const webhook = await app.get(Repositories).webhooks.create({
      workspaceId: tenant.workspace.id,
      url: receiver.url(hook),
      description: null,
      signingSecret: 'whsec_test',
      events: ['conversation.created'],
      isActive: true,
    });
    await api.openConversation();
    const [delivery] = await eventually(async () => {
      const list = await api.deliveries(webhook.id);
      expect(list[0].attempts.length).toBeGreaterThanOrEqual(1);
      return list;
    });
    expect(delivery.status).toBe('pending');
    expect(delivery.attempts[0]).toMatchObject({
      responseStatus: null,
      error: expect.stringMatching(/^Refused: .*127\.0\.0\.1/),
    });
    expect(receiver.at(hook)).toEqual([]);
    // Stop retrying it.
    await api.http().delete(`/api/v1/webhooks/${webhook.id}`).auth(tenant.keys.admin, { type: 'bearer' }).expect(204);
  });
});
