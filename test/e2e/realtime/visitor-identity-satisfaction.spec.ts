import { createHmac } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type {
  ConversationDto,
  IdentitySecretDto,
  MessageDto,
  SatisfactionDto,
  VisitorIdentityDto,
  WidgetSessionDto,
} from '@neodesk/contracts';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApiKeysService } from '../../../apps/conversation-service/src/api-keys/api-keys.service';
import { ConversationsService } from '../../../apps/conversation-service/src/conversations/conversations.service';
import { WebhooksService } from '../../../apps/conversation-service/src/webhooks/webhooks.service';
import {
  type AgentSocket,
  RealtimeClients,
  type Tenant,
  type VisitorSocket,
  loginAgent,
  newTenant,
  nextEvent,
  openSession,
  ready,
} from '../../support/realtime-clients';
import { startTestApp } from '../../support/test-app';

describe('visitor:identify and conversation:satisfaction on /visitor', () => {
  let app: NestExpressApplication;
  let clients: RealtimeClients;

  beforeAll(async () => {
    app = await startTestApp(undefined, {
      SESSION_SECRET: 'identity and satisfaction spec secret, 32+ chars',
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      // Nothing listens there: the deliveries stay in the outbox, where the test reads them.
      WEBHOOK_RETRY_BASE_MS: '3600000',
      WEBHOOK_RETRY_MAX_MS: '3600000',
    });
    clients = new RealtimeClients(app);
  });

  afterEach(() => {
    clients.closeAll();
  });

  afterAll(async () => {
    clients.closeAll();
    await app.close();
  });

  interface Chat {
    tenant: Tenant;
    adminKey: string;
    session: WidgetSessionDto;
    visitor: VisitorSocket;
  }

  async function newChat(tenant?: Tenant): Promise<Chat> {
    const owner = tenant ?? (await newTenant(app));
    const adminKey = (
      await app.get(ApiKeysService).create(owner.workspace.id, null, { name: 'admin', scopes: ['admin'] })
    ).key;
    const session = await openSession(app, owner.workspace.widgetKey);
    const visitor = clients.visitor({ widgetKey: owner.workspace.widgetKey, visitorToken: session.visitorToken });
    await ready(visitor);
    return { tenant: owner, adminKey, session, visitor };
  }

  async function connectAgent(tenant: Tenant): Promise<AgentSocket> {
    const agent = clients.agent((await loginAgent(app, tenant.agentEmail)).accessToken);
    await ready(agent);
    return agent;
  }

  const http = () => request(app.getHttpServer());
  const newSecret = async (chat: Chat): Promise<string> =>
    (
      (await http().post('/api/v1/widget-settings/identity-secret').auth(chat.adminKey, { type: 'bearer' }).expect(201))
        .body as IdentitySecretDto
    ).identitySecret;
  const hmac = (secret: string, email: string) => createHmac('sha256', secret).update(email).digest('hex');
  const conversation = (chat: Chat) =>
    app.get(ConversationsService).get(chat.tenant.workspace.id, chat.session.conversation.id);

  describe('visitor:identify', () => {
    it('should store a verified identity on the open conversation, keep other keys, and tell the agents', async () => {
      const chat = await newChat();
      const secret = await newSecret(chat);
      await app
        .get(DataSource)
        .query(`UPDATE conversations SET customer = '{"externalId":"crm-7","plan":"gold"}' WHERE id = $1`, [
          chat.session.conversation.id,
        ]);
      const agent = await connectAgent(chat.tenant);
      const updated = nextEvent<ConversationDto>(agent, 'conversation:updated');
      const email = 'ada@example.com';
      const ack = await chat.visitor.emitWithAck('visitor:identify', {
        name: ' Ada ',
        email,
        hash: hmac(secret, email),
      });
      expect(ack).toEqual({ ok: true, data: { name: 'Ada', email, verified: true } satisfies VisitorIdentityDto });
      expect((await conversation(chat)).customer).toEqual({
        externalId: 'crm-7',
        plan: 'gold',
        name: 'Ada',
        email,
        verified: true,
      });
      const event = await updated;
      expect(event.id).toBe(chat.session.conversation.id);
      expect(event.customer).toMatchObject({ externalId: 'crm-7', email, verified: true });
    });

    it('should store an identity without a valid hash as unverified, not refuse it', async () => {
      const chat = await newChat();
      const secret = await newSecret(chat);
      const cases = [
        { email: 'eve@example.com', hash: hmac(secret, 'ada@example.com') }, // another e-mail's hash
        { email: 'eve@example.com', hash: hmac('not the secret', 'eve@example.com') },
        { email: 'eve@example.com' }, // no hash
        { name: 'Eve' }, // no e-mail
      ];
      for (const payload of cases) {
        const ack = await chat.visitor.emitWithAck('visitor:identify', payload);
        expect(ack).toMatchObject({ ok: true, data: { verified: false } });
      }
      expect((await conversation(chat)).customer).toEqual({ name: 'Eve', email: 'eve@example.com', verified: false });
    });

    it('should verify nothing without an identity secret, and stop verifying the moment it is rotated', async () => {
      const chat = await newChat();
      const email = 'ada@example.com';
      const without = await chat.visitor.emitWithAck('visitor:identify', { email, hash: hmac('guess', email) });
      expect(without).toMatchObject({ ok: true, data: { verified: false } });
      const first = await newSecret(chat);
      expect(await chat.visitor.emitWithAck('visitor:identify', { email, hash: hmac(first, email) })).toMatchObject({
        ok: true,
        data: { verified: true },
      });
      const second = await newSecret(chat);
      expect(await chat.visitor.emitWithAck('visitor:identify', { email, hash: hmac(first, email) })).toMatchObject({
        ok: true,
        data: { verified: false },
      });
      expect(await chat.visitor.emitWithAck('visitor:identify', { email, hash: hmac(second, email) })).toMatchObject({
        ok: true,
        data: { verified: true },
      });
      await http()
        .delete('/api/v1/widget-settings/identity-secret')
        .auth(chat.adminKey, { type: 'bearer' })
        .expect(204);
      expect(await chat.visitor.emitWithAck('visitor:identify', { email, hash: hmac(second, email) })).toMatchObject({
        ok: true,
        data: { verified: false },
      });
    });

    it('should refuse malformed identities with INVALID_PAYLOAD and store nothing', async () => {
      const chat = await newChat();
      for (const payload of [
        { email: 'not an e-mail' },
        { email: `${'a'.repeat(250)}@example.com` },
        { name: 'n'.repeat(121) },
        { name: '' },
        { email: 'ada@example.com', hash: 'zz' },
        { email: 'ada@example.com', verified: true },
        'ada',
      ]) {
        const ack = await chat.visitor.emitWithAck('visitor:identify', payload as never);
        expect(ack).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
      }
      expect((await conversation(chat)).customer).toBeNull();
    });
  });

  describe("agents' names on their messages", () => {
    it('should carry the agent display name to the visitor, from the one-statement path and the transaction', async () => {
      const chat = await newChat();
      const agent = await connectAgent(chat.tenant);
      const conversationId = chat.session.conversation.id;
      const direct = nextEvent<MessageDto>(chat.visitor, 'message:new');
      const sent = await agent.emitWithAck('message:send', { conversationId, clientMessageId: 'a-1', text: 'Hello' });
      expect(sent).toMatchObject({ ok: true, data: { author: 'agent', authorName: 'Agent' } });
      expect(await direct).toMatchObject({ author: 'agent', authorName: 'Agent', text: 'Hello' });
      // A webhook for message.created sends messages through the transaction instead.
      await app.get(WebhooksService).create(chat.tenant.workspace.id, {
        url: 'http://127.0.0.1:9/hooks',
        events: ['message.created'],
      });
      const careful = nextEvent<MessageDto>(chat.visitor, 'message:new');
      await agent.emitWithAck('message:send', { conversationId, clientMessageId: 'a-2', text: 'Still here' });
      expect(await careful).toMatchObject({ author: 'agent', authorName: 'Agent', text: 'Still here' });
      const own = await chat.visitor.emitWithAck('message:send', {
        conversationId,
        clientMessageId: 'v-1',
        text: 'Hi',
      });
      expect(own).toMatchObject({ ok: true, data: { author: 'customer', authorName: null } });
      const resumed = await chat.visitor.emitWithAck('conversation:resume', { conversationId, afterSeq: 0 });
      expect(resumed.ok && resumed.data.messages.map((message) => message.authorName)).toEqual([
        'Agent',
        'Agent',
        null,
      ]);
    });
  });

  describe('conversation:satisfaction', () => {
    const resolve = (chat: Chat) =>
      app
        .get(ConversationsService)
        .changeStatus(chat.tenant.workspace.id, chat.session.conversation.id, { status: 'resolved' });
    const answer = (chat: Chat, score: unknown, comment?: unknown, conversationId = chat.session.conversation.id) =>
      chat.visitor.emitWithAck('conversation:satisfaction', { conversationId, score, comment } as never);
    const readOverRest = (chat: Chat, key: string, conversationId = chat.session.conversation.id) =>
      http().get(`/api/v1/conversations/${conversationId}/satisfaction`).auth(key, { type: 'bearer' });

    it('should store the answer of a resolved conversation, the last one counting, and show it over REST', async () => {
      const chat = await newChat();
      await app.get(WebhooksService).create(chat.tenant.workspace.id, {
        url: 'http://127.0.0.1:9/hooks',
        events: ['satisfaction.created'],
      });
      const readKey = (
        await app.get(ApiKeysService).create(chat.tenant.workspace.id, null, { name: 'read', scopes: ['read'] })
      ).key;
      expect((await readOverRest(chat, readKey).expect(404)).body.code).toBe('SATISFACTION_NOT_FOUND');
      await resolve(chat);
      const first = await answer(chat, 2, '  Slow answers ');
      expect(first).toEqual({
        ok: true,
        data: {
          conversationId: chat.session.conversation.id,
          score: 2,
          comment: 'Slow answers',
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
        } satisfies SatisfactionDto,
      });
      const second = await answer(chat, 5);
      expect(second).toMatchObject({ ok: true, data: { score: 5, comment: null } });
      const stored = (await readOverRest(chat, readKey).expect(200)).body as SatisfactionDto;
      expect(stored).toMatchObject({ score: 5, comment: null });
      expect(stored.createdAt).toBe((first as { data: SatisfactionDto }).data.createdAt);
      // The outbox row holds the event's data: what the endpoint receives as `data`.
      const events: Array<{ payload: { conversation: ConversationDto; satisfaction: SatisfactionDto } }> = await app
        .get(DataSource)
        .query(
          `SELECT payload FROM webhook_deliveries WHERE workspace_id = $1 AND event_type = 'satisfaction.created'
           ORDER BY created_at`,
          [chat.tenant.workspace.id],
        );
      expect(events.map((event) => event.payload.satisfaction.score)).toEqual([2, 5]);
      expect(events[0].payload.conversation).toMatchObject({ id: chat.session.conversation.id, status: 'resolved' });
    });

    it('should refuse an answer while the conversation is open, and bad scores or comments', async () => {
      const chat = await newChat();
      const open = await answer(chat, 4);
      expect(open).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      expect((open as { error: { message: string } }).error.message).toMatch(/resolved/);
      await resolve(chat);
      for (const [score, comment] of [
        [0, undefined],
        [6, undefined],
        [3.5, undefined],
        ['5', undefined],
        [3, 'c'.repeat(1001)],
        [3, 42],
      ]) {
        expect(await answer(chat, score, comment)).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
      }
      const rows: unknown[] = await app
        .get(DataSource)
        .query('SELECT 1 FROM conversation_satisfaction WHERE conversation_id = $1', [chat.session.conversation.id]);
      expect(rows).toHaveLength(0);
    });

    it("should refuse another visitor's conversation and keep answers out of other workspaces' reach", async () => {
      const chat = await newChat();
      const neighbour = await newChat(chat.tenant);
      await resolve(chat);
      expect(await answer(neighbour, 1, undefined, chat.session.conversation.id)).toMatchObject({
        ok: false,
        error: { code: 'CONVERSATION_NOT_FOUND' },
      });
      expect(await answer(chat, 4)).toMatchObject({ ok: true });
      const stranger = await newChat();
      const strangerKey = (
        await app.get(ApiKeysService).create(stranger.tenant.workspace.id, null, { name: 'r', scopes: ['read'] })
      ).key;
      expect((await readOverRest(chat, strangerKey).expect(404)).body.code).toBe('SATISFACTION_NOT_FOUND');
      await readOverRest(chat, stranger.adminKey, 'not-a-uuid').expect(400);
      await http().get(`/api/v1/conversations/${chat.session.conversation.id}/satisfaction`).expect(401);
    });
  });
});
