import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ConversationDto, MessagePageDto, PostedMessageDto } from '@neodesk/contracts';
import request from 'supertest';
import { ApiKeysService } from '../../../apps/conversation-service/src/api-keys/api-keys.service';
import { MessagesService } from '../../../apps/conversation-service/src/messages/messages.service';
import { type RestTenant, fieldsOf, newRestTenant } from '../../support/rest-clients';
import { startTestApp } from '../../support/test-app';

describe('REST /api/v1/conversations/:id/messages', () => {
  let app: NestExpressApplication;
  let tenant: RestTenant;
  let other: RestTenant;

  beforeAll(async () => {
    // No worker joins this app: a bot reply fails at once, which is what ?wait=true reports as 503.
    app = await startTestApp(undefined, { BOT_REPLY_WAIT_MS: '0' });
    other = await newRestTenant(app);
  });

  beforeEach(async () => {
    tenant = await newRestTenant(app);
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());

  const open = async (token = tenant.keys.write): Promise<ConversationDto> =>
    (
      await http()
        .post('/api/v1/conversations')
        .auth(token, { type: 'bearer' })
        .send({ visitorId: 'crm-1' })
        .expect(201)
    ).body as ConversationDto;

  const post = (conversationId: string, body: object, token = tenant.keys.write, key?: string) => {
    const call = http()
      .post(`/api/v1/conversations/${conversationId}/messages`)
      .auth(token, { type: 'bearer' })
      .send(body);
    return key === undefined ? call : call.set('Idempotency-Key', key);
  };

  // What customers and agents wrote (the bot's fallback, with no worker here, is a system message).
  const stored = async (conversationId: string, workspaceId = tenant.workspace.id) =>
    (await app.get(MessagesService).page(workspaceId, conversationId, { limit: 500 })).filter(
      (message) => message.author === 'customer' || message.author === 'agent',
    );

  describe('POST', () => {
    it('should store a customer message and start the bot reply, as the widget does', async () => {
      const conversation = await open();
      const response = await post(conversation.id, { author: 'customer', text: 'Where is my order?' }).expect(201);
      const body = response.body as PostedMessageDto;
      expect(body.message).toMatchObject({
        seq: 1,
        author: 'customer',
        text: 'Where is my order?',
        authorUserId: null,
      });
      expect(body.conversation).toMatchObject({ id: conversation.id, lastSeq: 1, status: 'bot' });
      expect(body.replyId).toEqual(expect.any(String));
    });

    it('should return the first result with 200 for the same Idempotency-Key and body, and store one message', async () => {
      const conversation = await open();
      const first = await post(conversation.id, { author: 'customer', text: 'Hello' }, undefined, 'crm-88412').expect(
        201,
      );
      const again = await post(conversation.id, { author: 'customer', text: 'Hello' }, undefined, 'crm-88412').expect(
        200,
      );
      expect(again.body.message).toEqual(first.body.message);
      expect(first.body.message.clientMessageId).toBe('crm-88412');
      expect(again.body.replyId).toBeNull();
      expect(await stored(conversation.id)).toHaveLength(1);
    });

    it('should store one message when the same request races itself', async () => {
      const conversation = await open();
      const responses = await Promise.all(
        [1, 2, 3, 4].map(() => post(conversation.id, { author: 'customer', text: 'Once' }, undefined, 'race-1')),
      );
      expect(responses.map((response) => response.status).sort()).toEqual([200, 200, 200, 201]);
      expect(new Set(responses.map((response) => (response.body as PostedMessageDto).message.id)).size).toBe(1);
      expect(await stored(conversation.id)).toHaveLength(1);
    });

    it('should answer 409 for an Idempotency-Key reused with a different body', async () => {
      const conversation = await open();
      await post(conversation.id, { author: 'customer', text: 'First' }, undefined, 'k-1').expect(201);
      const conflict = await post(conversation.id, { author: 'customer', text: 'Second' }, undefined, 'k-1').expect(
        409,
      );
      expect(conflict.body).toMatchObject({ status: 409, code: 'MESSAGE_CLIENT_ID_CONFLICT' });
      const byAnother = await post(
        conversation.id,
        { author: 'agent', text: 'First', agentUserId: tenant.admin.user.id },
        undefined,
        'k-1',
      ).expect(409);
      expect(byAnother.body.code).toBe('MESSAGE_CLIENT_ID_CONFLICT');
      expect(await stored(conversation.id)).toHaveLength(1);
      // Refused before the chat flow: the conflicting agent message did not take the conversation over.
      const after = await http()
        .get(`/api/v1/conversations/${conversation.id}`)
        .auth(tenant.keys.read, { type: 'bearer' })
        .expect(200);
      expect(after.body.assignedAgentId).toBeNull();
    });

    it("should write an agent message as the calling agent, or as an API key's agentUserId, taking the conversation over", async () => {
      const conversation = await open();
      const own = await post(
        conversation.id,
        { author: 'agent', text: 'Hi, Grace here' },
        tenant.agent.accessToken,
      ).expect(201);
      expect(own.body.message).toMatchObject({ author: 'agent', authorUserId: tenant.agent.user.id });
      expect(own.body.conversation).toMatchObject({ status: 'human', assignedAgentId: tenant.agent.user.id });
      const viaKey = await post(conversation.id, {
        author: 'agent',
        text: 'Admin here',
        agentUserId: tenant.admin.user.id,
      }).expect(201);
      expect(viaKey.body.message).toMatchObject({ seq: 2, authorUserId: tenant.admin.user.id });
    });

    it("should name the agent on agent messages, on the first answer, a retry and the transcript, and nobody else's", async () => {
      const conversation = await open();
      await post(conversation.id, { author: 'customer', text: 'Hello?' }).expect(201);
      const first = await post(
        conversation.id,
        { author: 'agent', text: 'Hi there' },
        tenant.agent.accessToken,
        'agent-hello',
      ).expect(201);
      expect(first.body.message).toMatchObject({ author: 'agent', authorName: 'agent' });
      const retry = await post(
        conversation.id,
        { author: 'agent', text: 'Hi there' },
        tenant.agent.accessToken,
        'agent-hello',
      ).expect(200);
      expect(retry.body.message).toMatchObject({ id: first.body.message.id, authorName: 'agent' });
      await post(conversation.id, { author: 'agent', text: 'Admin too', agentUserId: tenant.admin.user.id }).expect(
        201,
      );
      const page = await http()
        .get(`/api/v1/conversations/${conversation.id}/messages`)
        .auth(tenant.keys.read, { type: 'bearer' })
        .expect(200);
      expect(
        (page.body.data as Array<{ author: string; authorName: string | null }>)
          // No worker here: the bot's fallback notice (system, unnamed) comes between.
          .filter((m) => m.author !== 'system')
          .map((m) => [m.author, m.authorName]),
      ).toEqual([
        ['customer', null],
        ['agent', 'agent'],
        ['agent', 'admin'],
      ]);
    });

    it('should refuse an agent message without a user, with a user of another workspace, or as someone else', async () => {
      const conversation = await open();
      const missing = await post(conversation.id, { author: 'agent', text: 'Who am I' }).expect(422);
      expect(missing.body.code).toBe('CONVERSATION_AGENT_REQUIRED');
      const outsider = await post(conversation.id, {
        author: 'agent',
        text: 'x',
        agentUserId: other.agent.user.id,
      }).expect(422);
      expect(outsider.body.code).toBe('CONVERSATION_AGENT_NOT_IN_WORKSPACE');
      const impostor = await post(
        conversation.id,
        { author: 'agent', text: 'x', agentUserId: tenant.admin.user.id },
        tenant.agent.accessToken,
      ).expect(422);
      expect(impostor.body.code).toBe('CONVERSATION_INVALID_INPUT');
      expect(await stored(conversation.id)).toHaveLength(0);
    });

    it('should answer 400 naming the field for a bad body, author or Idempotency-Key', async () => {
      const conversation = await open();
      const cases: Array<[object, string | undefined, string]> = [
        [{ author: 'bot', text: 'x' }, undefined, 'body.author'],
        [{ author: 'customer', text: '' }, undefined, 'body.text'],
        [{ author: 'customer', text: 'x'.repeat(4001) }, undefined, 'body.text'],
        [{ author: 'customer' }, undefined, 'body.text'],
        [{ author: 'customer', text: 'x', agentUserId: tenant.agent.user.id }, undefined, 'body.agentUserId'],
        [{ author: 'customer', text: 'x' }, 'k'.repeat(129), 'header.Idempotency-Key'],
        [{ author: 'customer', text: 'x' }, 'bad key', 'header.Idempotency-Key'],
      ];
      for (const [body, key, field] of cases) {
        const response = await post(conversation.id, body, undefined, key).expect(400);
        expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      }
      expect(await stored(conversation.id)).toHaveLength(0);
    });

    it('should answer 503 with ?wait=true when no worker can give the bot reply, with the message stored', async () => {
      const conversation = await open();
      const response = await http()
        .post(`/api/v1/conversations/${conversation.id}/messages?wait=true`)
        .auth(tenant.keys.write, { type: 'bearer' })
        .set('Idempotency-Key', 'wait-1')
        .send({ author: 'customer', text: 'Anyone there?' })
        .expect(503)
        .expect('content-type', /application\/problem\+json/);
      expect(response.body.code).toBe('BOT_UNAVAILABLE');
      const messages = await stored(conversation.id);
      expect(messages[0]).toMatchObject({ seq: 1, author: 'customer', clientMessageId: 'wait-1' });
    });

    it("should answer 404 for another workspace's conversation and store nothing there", async () => {
      const foreign = await open(other.keys.write);
      const response = await post(foreign.id, { author: 'customer', text: 'sneaky' }).expect(404);
      expect(response.body.code).toBe('CONVERSATION_NOT_FOUND');
      expect(await stored(foreign.id, other.workspace.id)).toHaveLength(0);
    });

    it('should refuse a read-only key with 403', async () => {
      const conversation = await open();
      await post(conversation.id, { author: 'customer', text: 'x' }, tenant.keys.read).expect(403);
    });
  });

  describe('GET', () => {
    it('should list by sequence number after afterSeq or before beforeSeq', async () => {
      const conversation = await open();
      for (const text of ['one', 'two', 'three', 'four']) {
        await app.get(MessagesService).append(tenant.workspace.id, conversation.id, { author: 'customer', text });
      }
      const page = async (query: Record<string, number>) =>
        (
          (
            await http()
              .get(`/api/v1/conversations/${conversation.id}/messages`)
              .query(query)
              .auth(tenant.keys.read, { type: 'bearer' })
              .expect(200)
          ).body as MessagePageDto
        ).data.map((message) => message.text);
      expect(await page({})).toEqual(['one', 'two', 'three', 'four']);
      expect(await page({ afterSeq: 1, limit: 2 })).toEqual(['two', 'three']);
      expect(await page({ beforeSeq: 4, limit: 2 })).toEqual(['two', 'three']);
    });

    it('should answer 400 for bad sequence bounds and 404 for another workspace', async () => {
      const conversation = await open();
      const bad = await http()
        .get(`/api/v1/conversations/${conversation.id}/messages`)
        .query({ afterSeq: -1, beforeSeq: 'x', limit: 0 })
        .auth(tenant.keys.read, { type: 'bearer' })
        .expect(400);
      expect(fieldsOf(bad.body)).toEqual(['query.afterSeq', 'query.beforeSeq', 'query.limit']);
      const foreign = await open(other.keys.write);
      await http()
        .get(`/api/v1/conversations/${foreign.id}/messages`)
        .auth(tenant.keys.read, { type: 'bearer' })
        .expect(404);
    });
  });

  it('should refuse both routes without credentials and with a revoked key', async () => {
    const conversation = await open();
    const revoked = await app.get(ApiKeysService).create(tenant.workspace.id, null, { name: 'r', scopes: ['write'] });
    await app.get(ApiKeysService).revoke(tenant.workspace.id, revoked.id);
    for (const call of [
      () => http().get(`/api/v1/conversations/${conversation.id}/messages`),
      () => http().post(`/api/v1/conversations/${conversation.id}/messages`).send({ author: 'customer', text: 'x' }),
    ]) {
      expect((await call().expect(401)).body.code).toBe('AUTH_MISSING_CREDENTIALS');
      expect((await call().auth(revoked.key, { type: 'bearer' }).expect(401)).body.code).toBe('AUTH_INVALID_API_KEY');
    }
    expect(await stored(conversation.id)).toHaveLength(0);
  });
});
