import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { MessageDto, MessageFeedbackDto, MessagePageDto, WidgetSessionDto } from '@neodesk/contracts';
import request from 'supertest';
import { ApiKeysService } from '../../../apps/conversation-service/src/api-keys/api-keys.service';
import { MessagesService } from '../../../apps/conversation-service/src/messages/messages.service';
import {
  RealtimeClients,
  type VisitorSocket,
  loginAgent,
  newTenant,
  openSession,
  ready,
} from '../../support/realtime-clients';
import { type RestTenant, createKey, fieldsOf, newRestTenant } from '../../support/rest-clients';
import { startTestApp } from '../../support/test-app';

const GENERATION = {
  modelId: 'neodesk-support-gpt-neo',
  modelVersion: '1',
  promptTokens: 20,
  completionTokens: 5,
  queueMs: 1,
  timeToFirstTokenMs: 2,
  totalMs: 3,
  finishReason: 'eos' as const,
};

describe('feedback on bot messages: REST and the visitor socket', () => {
  let app: NestExpressApplication;
  let clients: RealtimeClients;
  let tenant: RestTenant;
  let other: RestTenant;

  beforeAll(async () => {
    app = await startTestApp();
    clients = new RealtimeClients(app);
    other = await newRestTenant(app);
  });

  beforeEach(async () => {
    tenant = await newRestTenant(app);
  });

  afterEach(() => {
    clients.closeAll();
  });

  afterAll(async () => {
    clients.closeAll();
    await app.close();
  });

  const http = () => request(app.getHttpServer());

  /** A conversation with a customer question (seq 1) and the bot's answer (seq 2), stored as a worker's reply is. */
  async function dialogue(
    workspaceId: string,
    conversationId: string,
  ): Promise<{ customer: MessageDto; bot: MessageDto }> {
    const messages = app.get(MessagesService);
    const customer = (await messages.append(workspaceId, conversationId, { author: 'customer', text: 'Where is it?' }))
      .message;
    const bot = (
      await messages.append(workspaceId, conversationId, {
        author: 'bot',
        text: 'It ships tomorrow.',
        generation: GENERATION,
        replyToSeq: customer.seq,
      })
    ).message;
    return { customer, bot };
  }

  async function restConversation(): Promise<{ id: string; customer: MessageDto; bot: MessageDto }> {
    const created = await http()
      .post('/api/v1/conversations')
      .auth(tenant.keys.write, { type: 'bearer' })
      .send({ visitorId: 'crm-1' })
      .expect(201);
    const id = (created.body as { id: string }).id;
    return { id, ...(await dialogue(tenant.workspace.id, id)) };
  }

  const rate = (conversationId: string, seq: number | string, body: object, token = tenant.keys.write) =>
    http()
      .post(`/api/v1/conversations/${conversationId}/messages/${seq}/feedback`)
      .auth(token, { type: 'bearer' })
      .send(body);

  describe('POST /api/v1/conversations/:id/messages/:seq/feedback', () => {
    it('should store a rating with its comment on the bot message, and let a later rating replace it', async () => {
      const conversation = await restConversation();
      const first = (
        await rate(conversation.id, 2, { rating: 'negative', comment: '  Wrong order number. ' }).expect(200)
      ).body as MessageFeedbackDto;
      expect(first).toEqual({
        conversationId: conversation.id,
        messageId: conversation.bot.id,
        seq: 2,
        rating: 'negative',
        comment: 'Wrong order number.',
        createdAt: expect.any(String),
      });
      const listed = (
        await http()
          .get(`/api/v1/conversations/${conversation.id}/messages`)
          .auth(tenant.keys.read, { type: 'bearer' })
          .expect(200)
      ).body as MessagePageDto;
      expect(listed.data.map((message) => message.feedback)).toEqual([null, 'negative']);

      const second = (await rate(conversation.id, 2, { rating: 'positive', comment: '   ' }).expect(200))
        .body as MessageFeedbackDto;
      expect(second).toMatchObject({ rating: 'positive', comment: null });
    });

    it('should take ratings only for bot messages that exist in the conversation', async () => {
      const conversation = await restConversation();
      const customer = await rate(conversation.id, 1, { rating: 'positive' }).expect(422);
      expect(customer.body).toMatchObject({ status: 422, code: 'MESSAGE_FEEDBACK_NOT_ALLOWED' });
      const missing = await rate(conversation.id, 3, { rating: 'positive' }).expect(404);
      expect(missing.body.code).toBe('MESSAGE_NOT_FOUND');
      const unknown = await rate(randomUUID(), 2, { rating: 'positive' }).expect(404);
      expect(unknown.body.code).toBe('CONVERSATION_NOT_FOUND');
    });

    it('should answer 400 naming the fields for a bad rating, comment or path', async () => {
      const conversation = await restConversation();
      const bad = await rate(conversation.id, 2, { rating: 'meh', comment: 'x'.repeat(1001), extra: true }).expect(400);
      expect(fieldsOf(bad.body)).toEqual(['body', 'body.comment', 'body.rating']);
      expect(fieldsOf((await rate(conversation.id, 2, {}).expect(400)).body)).toEqual(['body.rating']);
      for (const seq of ['abc', '0', '1.5']) {
        expect(fieldsOf((await rate(conversation.id, seq, { rating: 'positive' }).expect(400)).body)).toEqual([
          'path.seq',
        ]);
      }
      expect(fieldsOf((await rate('not-a-uuid', 2, { rating: 'positive' }).expect(400)).body)).toEqual(['path.id']);
      await rate(conversation.id, 2, { rating: 'positive', comment: 'x'.repeat(1000) }).expect(200);
    });

    it('should refuse callers without write scope, without credentials or with a revoked key, and keep workspaces apart', async () => {
      const conversation = await restConversation();
      expect((await rate(conversation.id, 2, { rating: 'positive' }, tenant.keys.read).expect(403)).body.code).toBe(
        'AUTH_INSUFFICIENT_SCOPE',
      );
      await http()
        .post(`/api/v1/conversations/${conversation.id}/messages/2/feedback`)
        .send({ rating: 'positive' })
        .expect(401);
      const revoked = await createKey(app, tenant.keys.admin, { name: 'Revoked', scopes: ['write'] });
      await app.get(ApiKeysService).revoke(tenant.workspace.id, revoked.id);
      await rate(conversation.id, 2, { rating: 'positive' }, revoked.key).expect(401);
      const theirs = await rate(conversation.id, 2, { rating: 'positive' }, other.keys.write).expect(404);
      expect(theirs.body.code).toBe('CONVERSATION_NOT_FOUND');
      // An agent's token has write scope.
      await rate(conversation.id, 2, { rating: 'positive' }, tenant.agent.accessToken).expect(200);
      const listed = (
        await http()
          .get(`/api/v1/conversations/${conversation.id}/messages`)
          .auth(tenant.keys.read, { type: 'bearer' })
          .expect(200)
      ).body as MessagePageDto;
      expect(listed.data[1].feedback).toBe('positive');
    });
  });

  describe('message:feedback on /visitor', () => {
    async function visitorChat(): Promise<{
      session: WidgetSessionDto;
      visitor: VisitorSocket;
      widgetKey: string;
      agentEmail: string;
    }> {
      const { workspace, agentEmail } = await newTenant(app);
      const session = await openSession(app, workspace.widgetKey);
      const visitor = clients.visitor({ widgetKey: workspace.widgetKey, visitorToken: session.visitorToken });
      await ready(visitor);
      return { session, visitor, widgetKey: workspace.widgetKey, agentEmail };
    }

    it('should rate a bot message by sequence number or by id, acking the stored rating and telling agents', async () => {
      const { session, visitor, agentEmail } = await visitorChat();
      const agent = clients.agent((await loginAgent(app, agentEmail)).accessToken);
      await ready(agent);
      const seenByAgents: MessageFeedbackDto[] = [];
      agent.on('message:feedback', (feedback) => seenByAgents.push(feedback));
      const conversationId = session.conversation.id;
      const { bot } = await dialogue(session.conversation.workspaceId, conversationId);
      const bySeq = await visitor.emitWithAck('message:feedback', { conversationId, seq: bot.seq, rating: 'positive' });
      expect(bySeq).toEqual({
        ok: true,
        data: {
          conversationId,
          messageId: bot.id,
          seq: bot.seq,
          rating: 'positive',
          comment: null,
          createdAt: expect.any(String),
        },
      });
      const byId = await visitor.emitWithAck('message:feedback', {
        conversationId,
        messageId: bot.id,
        rating: 'negative',
        comment: 'Not what I asked.',
      });
      expect(byId).toMatchObject({ ok: true, data: { rating: 'negative', comment: 'Not what I asked.' } });
      // Events reach a socket in order: a typing event sent after both ratings arrives after them.
      const typing = new Promise((resolve) => agent.once('visitor:typing', resolve));
      visitor.emit('typing', { conversationId, isTyping: true });
      await typing;
      expect(seenByAgents.map((feedback) => [feedback.seq, feedback.rating])).toEqual([
        [bot.seq, 'positive'],
        [bot.seq, 'negative'],
      ]);
    });

    it('should answer error acks for bad payloads, customer messages and other visitors, and stay connected', async () => {
      const { session, visitor, widgetKey } = await visitorChat();
      const conversationId = session.conversation.id;
      const { customer, bot } = await dialogue(session.conversation.workspaceId, conversationId);
      for (const payload of [
        { conversationId, rating: 'positive' },
        { conversationId, seq: bot.seq, messageId: bot.id, rating: 'positive' },
        { conversationId, seq: bot.seq, rating: 'great' },
        { conversationId, seq: bot.seq, rating: 'positive', comment: 'x'.repeat(1001) },
        { conversationId, seq: 0, rating: 'positive' },
        { conversationId: 'nope', seq: 1, rating: 'positive' },
      ]) {
        const ack = await visitor.emitWithAck('message:feedback', payload as never);
        expect(ack).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
      }
      const notBot = await visitor.emitWithAck('message:feedback', {
        conversationId,
        seq: customer.seq,
        rating: 'positive',
      });
      expect(notBot).toMatchObject({
        ok: false,
        error: { code: 'INVALID_PAYLOAD', message: expect.stringContaining('bot') },
      });
      const missing = await visitor.emitWithAck('message:feedback', { conversationId, seq: 99, rating: 'positive' });
      expect(missing).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });

      // Another visitor of the same workspace cannot rate this conversation's messages.
      const stranger = await openSession(app, widgetKey);
      const strangerSocket = clients.visitor({ widgetKey, visitorToken: stranger.visitorToken });
      await ready(strangerSocket);
      const refused = await strangerSocket.emitWithAck('message:feedback', {
        conversationId,
        seq: bot.seq,
        rating: 'negative',
      });
      expect(refused).toMatchObject({ ok: false, error: { code: 'CONVERSATION_NOT_FOUND' } });

      expect(visitor.connected).toBe(true);
      const stored = await app.get(MessagesService).page(session.conversation.workspaceId, conversationId, {});
      expect(stored.map((message) => message.feedback)).toEqual([null, null]);
    });
  });
});
