import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ConversationDto, ConversationPageDto } from '@neodesk/contracts';
import request from 'supertest';
import { ApiKeysService } from '../../../apps/conversation-service/src/api-keys/api-keys.service';
import { MessagesService } from '../../../apps/conversation-service/src/messages/messages.service';
import { RealtimeClients, nextEvent, ready } from '../../support/realtime-clients';
import { type RestTenant, fieldsOf, newRestTenant } from '../../support/rest-clients';
import { startTestApp } from '../../support/test-app';

describe('REST /api/v1/conversations', () => {
  let app: NestExpressApplication;
  let tenant: RestTenant;
  let other: RestTenant;

  beforeAll(async () => {
    app = await startTestApp();
    other = await newRestTenant(app);
  });

  beforeEach(async () => {
    tenant = await newRestTenant(app);
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());

  const create = async (token: string, body: object = { visitorId: 'crm-1' }): Promise<ConversationDto> =>
    (await http().post('/api/v1/conversations').auth(token, { type: 'bearer' }).send(body).expect(201))
      .body as ConversationDto;

  const list = async (token: string, query: Record<string, string | number> = {}): Promise<ConversationPageDto> =>
    (await http().get('/api/v1/conversations').query(query).auth(token, { type: 'bearer' }).expect(200))
      .body as ConversationPageDto;

  describe('POST', () => {
    it('should open an api-channel conversation owned by the bot', async () => {
      const created = await create(tenant.keys.write, {
        visitorId: 'crm-contact-4711',
        customer: { name: 'Ada', email: 'ada@example.com', plan: 'pro' },
        metadata: { orderId: 'A-1001' },
      });
      expect(created).toMatchObject({
        workspaceId: tenant.workspace.id,
        visitorId: 'crm-contact-4711',
        channel: 'api',
        status: 'bot',
        customer: { name: 'Ada', plan: 'pro' },
        metadata: { orderId: 'A-1001' },
        lastSeq: 0,
      });
    });

    it('should answer 400 naming each bad field', async () => {
      const response = await http()
        .post('/api/v1/conversations')
        .auth(tenant.keys.write, { type: 'bearer' })
        .send({ visitorId: '', metadata: 'nope', extra: 1 })
        .expect(400)
        .expect('content-type', /application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      const fields = (response.body.errors as Array<{ field: string }>).map((error) => error.field);
      expect(fields).toEqual(expect.arrayContaining(['body.visitorId', 'body.metadata', 'body']));
    });

    it('should refuse a read-only key with 403 and a metadata object over 16 KiB with 422', async () => {
      const refused = await http()
        .post('/api/v1/conversations')
        .auth(tenant.keys.read, { type: 'bearer' })
        .send({ visitorId: 'v' })
        .expect(403);
      expect(refused.body.code).toBe('AUTH_INSUFFICIENT_SCOPE');
      const tooBig = await http()
        .post('/api/v1/conversations')
        .auth(tenant.keys.write, { type: 'bearer' })
        .send({ visitorId: 'v', metadata: { blob: 'x'.repeat(17 * 1024) } })
        .expect(422);
      expect(tooBig.body.code).toBe('CONVERSATION_INVALID_INPUT');
    });
  });

  describe('GET /:id', () => {
    it("should read the caller's conversation with a key or an agent token", async () => {
      const created = await create(tenant.keys.write);
      for (const token of [tenant.keys.read, tenant.agent.accessToken]) {
        const response = await http()
          .get(`/api/v1/conversations/${created.id}`)
          .auth(token, { type: 'bearer' })
          .expect(200);
        expect(response.body).toEqual(created);
      }
    });

    it("should answer 404 for another workspace's conversation and 400 for a malformed id", async () => {
      const foreign = await create(other.keys.write);
      const response = await http()
        .get(`/api/v1/conversations/${foreign.id}`)
        .auth(tenant.keys.admin, { type: 'bearer' })
        .expect(404);
      expect(response.body.code).toBe('CONVERSATION_NOT_FOUND');
      const malformed = await http()
        .get('/api/v1/conversations/not-a-uuid')
        .auth(tenant.keys.read, { type: 'bearer' })
        .expect(400);
      expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'path.id' })]);
    });
  });

  describe('PATCH /:id', () => {
    it('should take over for the assignee, change labels, resolve and hand back, by the status rules', async () => {
      const created = await create(tenant.keys.write);
      const patch = (body: object, token = tenant.keys.write) =>
        http().patch(`/api/v1/conversations/${created.id}`).auth(token, { type: 'bearer' }).send(body);

      const human = await patch({
        status: 'human',
        assigneeId: tenant.agent.user.id,
        labels: ['billing', 'vip'],
      }).expect(200);
      expect(human.body).toMatchObject({
        status: 'human',
        assignedAgentId: tenant.agent.user.id,
        labels: ['billing', 'vip'],
      });

      const resolved = await patch({ status: 'resolved' }).expect(200);
      expect(resolved.body).toMatchObject({ status: 'resolved', assignedAgentId: tenant.agent.user.id });
      expect(resolved.body.resolvedAt).not.toBeNull();

      const queued = await patch({ status: 'waiting_human' }).expect(409);
      expect(queued.body.code).toBe('CONVERSATION_INVALID_TRANSITION');

      const bot = await patch({ status: 'bot' }).expect(200);
      expect(bot.body).toMatchObject({ status: 'bot', assignedAgentId: null, labels: ['billing', 'vip'] });

      // An agent token takes over for the calling agent when no assignee is named.
      const mine = await patch({ status: 'human' }, tenant.agent.accessToken).expect(200);
      expect(mine.body.assignedAgentId).toBe(tenant.agent.user.id);
    });

    it('should refuse an assignee outside the workspace, an assignee for a bot conversation, and a bad body', async () => {
      const created = await create(tenant.keys.write);
      const patch = (body: object) =>
        http().patch(`/api/v1/conversations/${created.id}`).auth(tenant.keys.write, { type: 'bearer' }).send(body);
      const outsider = await patch({ status: 'human', assigneeId: other.agent.user.id }).expect(422);
      expect(outsider.body.code).toBe('CONVERSATION_AGENT_NOT_IN_WORKSPACE');
      const botAssignee = await patch({ assigneeId: tenant.agent.user.id }).expect(422);
      expect(botAssignee.body.code).toBe('CONVERSATION_INVALID_INPUT');
      const needsAgent = await patch({ status: 'human' }).expect(422);
      expect(needsAgent.body.code).toBe('CONVERSATION_AGENT_REQUIRED');
      const invalid = await patch({ status: 'closed', labels: ['two words'] }).expect(400);
      expect(fieldsOf(invalid.body)).toEqual(['body.labels.0', 'body.status']);
      await patch({}).expect(400);
      const unchanged = await http()
        .get(`/api/v1/conversations/${created.id}`)
        .auth(tenant.keys.read, { type: 'bearer' })
        .expect(200);
      expect(unchanged.body).toMatchObject({ status: 'bot', assignedAgentId: null, labels: [] });
    });

    it("should answer 404 for another workspace's conversation and leave it alone", async () => {
      const foreign = await create(other.keys.write);
      await http()
        .patch(`/api/v1/conversations/${foreign.id}`)
        .auth(tenant.keys.admin, { type: 'bearer' })
        .send({ status: 'resolved' })
        .expect(404);
      const response = await http()
        .get(`/api/v1/conversations/${foreign.id}`)
        .auth(other.keys.read, { type: 'bearer' })
        .expect(200);
      expect(response.body.status).toBe('bot');
    });
  });

  describe('DELETE /:id', () => {
    it('should erase the conversation with its messages (admin scope)', async () => {
      const created = await create(tenant.keys.write);
      await app.get(MessagesService).append(tenant.workspace.id, created.id, { author: 'customer', text: 'erase me' });
      await http()
        .delete(`/api/v1/conversations/${created.id}`)
        .auth(tenant.keys.write, { type: 'bearer' })
        .expect(403);
      await http()
        .delete(`/api/v1/conversations/${created.id}`)
        .auth(tenant.keys.admin, { type: 'bearer' })
        .expect(204);
      await http().get(`/api/v1/conversations/${created.id}`).auth(tenant.keys.read, { type: 'bearer' }).expect(404);
      await http()
        .get(`/api/v1/conversations/${created.id}/messages`)
        .auth(tenant.keys.read, { type: 'bearer' })
        .expect(404);
      await http()
        .delete(`/api/v1/conversations/${created.id}`)
        .auth(tenant.keys.admin, { type: 'bearer' })
        .expect(404);
    });

    it("should answer 404 for another workspace's conversation and keep it", async () => {
      const foreign = await create(other.keys.write);
      await http()
        .delete(`/api/v1/conversations/${foreign.id}`)
        .auth(tenant.keys.admin, { type: 'bearer' })
        .expect(404);
      await http().get(`/api/v1/conversations/${foreign.id}`).auth(other.keys.read, { type: 'bearer' }).expect(200);
    });
  });

  describe('GET (list)', () => {
    it("should list only the caller's workspace, newest first, with filters", async () => {
      await create(other.keys.write);
      const a = await create(tenant.keys.write, { visitorId: 'a' });
      const b = await create(tenant.keys.write, { visitorId: 'b' });
      const c = await create(tenant.keys.write, { visitorId: 'c' });
      await http()
        .patch(`/api/v1/conversations/${b.id}`)
        .auth(tenant.keys.write, { type: 'bearer' })
        .send({ status: 'human', assigneeId: tenant.agent.user.id, labels: ['vip'] })
        .expect(200);
      await http()
        .patch(`/api/v1/conversations/${c.id}`)
        .auth(tenant.keys.write, { type: 'bearer' })
        .send({ status: 'resolved' })
        .expect(200);

      const ids = async (query: Record<string, string | number> = {}) =>
        (await list(tenant.keys.read, query)).data.map((conversation) => conversation.id);
      expect(await ids()).toEqual([c.id, b.id, a.id]);
      expect(await ids({ status: 'bot' })).toEqual([a.id]);
      expect(await ids({ status: 'human,resolved' })).toEqual([c.id, b.id]);
      expect(await ids({ assignee: tenant.agent.user.id })).toEqual([b.id]);
      expect(await ids({ assignee: 'none' })).toEqual([c.id, a.id]);
      expect(await ids({ label: 'vip' })).toEqual([b.id]);
      expect(await ids({ createdFrom: b.createdAt })).toEqual([c.id, b.id]);
      expect(await ids({ createdTo: b.createdAt })).toEqual([a.id]);
      expect(await ids({ sort: 'updatedAt' })).toEqual([c.id, b.id, a.id]);
      expect(await ids({ updatedFrom: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
    });

    it('should find conversations by words of their messages, across conversations, never another workspace', async () => {
      const messages = app.get(MessagesService);
      const refund = await create(tenant.keys.write, { visitorId: 'r' });
      const parcel = await create(tenant.keys.write, { visitorId: 'p' });
      const both = await create(tenant.keys.write, { visitorId: 'b' });
      const foreign = await create(other.keys.write, { visitorId: 'f' });
      await messages.append(tenant.workspace.id, refund.id, { author: 'customer', text: 'I want a refund please' });
      await messages.append(tenant.workspace.id, parcel.id, { author: 'customer', text: 'Where is my parcel?' });
      await messages.append(tenant.workspace.id, both.id, { author: 'customer', text: 'Parcel lost' });
      await messages.append(tenant.workspace.id, both.id, { author: 'customer', text: 'so a REFUND then' });
      await messages.append(other.workspace.id, foreign.id, { author: 'customer', text: 'refund refund' });

      const found = async (q: string) => (await list(tenant.keys.read, { q })).data.map((row) => row.id).sort();
      expect(await found('refund')).toEqual([refund.id, both.id].sort());
      expect(await found('parcel')).toEqual([parcel.id, both.id].sort());
      expect(await found('parcel lost')).toEqual([both.id]);
      expect(await found('nothing-matches-this')).toEqual([]);
    });

    it('should page with an opaque cursor that neither repeats nor skips while conversations are added', async () => {
      const existing: string[] = [];
      for (let i = 0; i < 7; i++) {
        existing.unshift((await create(tenant.keys.write, { visitorId: `page-${i}` })).id);
      }
      const seen: string[] = [];
      let cursor: string | null | undefined;
      let added = 0;
      do {
        const page = await list(tenant.keys.read, { limit: 3, ...(cursor ? { cursor } : {}) });
        seen.push(...page.data.map((row) => row.id));
        cursor = page.nextCursor;
        // New conversations arrive between pages, several at once.
        await Promise.all([1, 2].map((n) => create(tenant.keys.write, { visitorId: `new-${added}-${n}` })));
        added += 2;
      } while (cursor !== null);
      expect(seen).toEqual(existing);
    });

    it('should answer 400 for a bad filter, a forged cursor, and a cursor of another sort', async () => {
      const bad = await http()
        .get('/api/v1/conversations')
        .query({ status: 'open', limit: 1000, createdFrom: 'yesterday' })
        .auth(tenant.keys.read, { type: 'bearer' })
        .expect(400);
      expect(fieldsOf(bad.body)).toEqual(['query.createdFrom', 'query.limit', 'query.status.0']);
      await create(tenant.keys.write);
      await create(tenant.keys.write);
      const { nextCursor } = await list(tenant.keys.read, { limit: 1 });
      for (const query of [{ cursor: 'forged' }, { cursor: nextCursor ?? '', sort: 'updatedAt' }]) {
        const refused = await http()
          .get('/api/v1/conversations')
          .query(query)
          .auth(tenant.keys.read, { type: 'bearer' })
          .expect(400);
        expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'query.cursor' })]);
      }
    });
  });

  it("should tell the workspace's agents, live, about a conversation created or relabelled over REST", async () => {
    const clients = new RealtimeClients(app);
    try {
      const agent = clients.agent(tenant.agent.accessToken);
      await ready(agent);
      const created = nextEvent<ConversationDto>(agent, 'conversation:updated');
      const conversation = await create(tenant.keys.write, { visitorId: 'live' });
      expect(await created).toMatchObject({ id: conversation.id, channel: 'api' });
      const relabelled = nextEvent<ConversationDto>(agent, 'conversation:updated');
      await http()
        .patch(`/api/v1/conversations/${conversation.id}`)
        .auth(tenant.keys.write, { type: 'bearer' })
        .send({ labels: ['vip'] })
        .expect(200);
      expect(await relabelled).toMatchObject({ id: conversation.id, labels: ['vip'] });
    } finally {
      clients.closeAll();
    }
  });

  it('should refuse every route without credentials (401) and with a revoked or expired key (401)', async () => {
    const created = await create(tenant.keys.write);
    const revoked = await app.get(ApiKeysService).create(tenant.workspace.id, null, { name: 'r', scopes: ['admin'] });
    await app.get(ApiKeysService).revoke(tenant.workspace.id, revoked.id);
    const calls = [
      () => http().get('/api/v1/conversations'),
      () => http().post('/api/v1/conversations').send({ visitorId: 'v' }),
      () => http().get(`/api/v1/conversations/${created.id}`),
      () => http().patch(`/api/v1/conversations/${created.id}`).send({ status: 'resolved' }),
      () => http().delete(`/api/v1/conversations/${created.id}`),
    ];
    for (const call of calls) {
      const anonymous = await call().expect(401);
      expect(anonymous.body.code).toBe('AUTH_MISSING_CREDENTIALS');
      expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer/);
      const withRevoked = await call().auth(revoked.key, { type: 'bearer' }).expect(401);
      expect(withRevoked.body.code).toBe('AUTH_INVALID_API_KEY');
    }
    const still = await http().get(`/api/v1/conversations/${created.id}`).auth(tenant.keys.read, { type: 'bearer' });
    expect(still.body.status).toBe('bot');
  });
});
