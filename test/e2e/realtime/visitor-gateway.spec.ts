import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type {
  Ack,
  MessageDto,
  MessageNewEvent,
  RealtimeErrorBody,
  VisitorTypingEvent,
  WidgetSessionDto,
} from '@neodesk/contracts';
import type { Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { SignedTokens } from '../../../apps/conversation-service/src/auth/signed-tokens';
import { MessagesService } from '../../../apps/conversation-service/src/messages/messages.service';
import { UserManagementService } from '../../../apps/conversation-service/src/users/user-management.service';
import {
  type AgentSocket,
  RealtimeClients,
  type Tenant,
  type VisitorSocket,
  disconnected,
  loginAgent,
  newTenant,
  nextEvent,
  openSession,
  ready,
} from '../../support/realtime-clients';
import { startTestApp } from '../../support/test-app';

describe('Realtime gateway: visitors and agents', () => {
  let app: NestExpressApplication;
  let clients: RealtimeClients;

  beforeAll(async () => {
    app = await startTestApp(undefined, { SESSION_SECRET: 'visitor gateway spec secret, 32+ characters' });
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
    session: WidgetSessionDto;
    visitor: VisitorSocket;
  }

  async function newChat(): Promise<Chat> {
    const tenant = await newTenant(app);
    const session = await openSession(app, tenant.workspace.widgetKey);
    const visitor = clients.visitor({ widgetKey: tenant.workspace.widgetKey, visitorToken: session.visitorToken });
    await ready(visitor);
    return { tenant, session, visitor };
  }

  async function connectAgent(tenant: Tenant): Promise<AgentSocket> {
    const login = await loginAgent(app, tenant.agentEmail);
    const agent = clients.agent(login.accessToken);
    await ready(agent);
    return agent;
  }

  function send(visitor: VisitorSocket, conversationId: string, text: string, clientMessageId: string = randomUUID()) {
    return visitor.emitWithAck('message:send', { conversationId, clientMessageId, text });
  }

  /** Sends, asserts success and returns the stored message. */
  async function sendOk(chat: Chat, text: string): Promise<MessageDto> {
    const ack = await send(chat.visitor, chat.session.conversation.id, text);
    if (!ack.ok) {
      throw new Error(`expected ok, got ${ack.error.code}: ${ack.error.message}`);
    }
    return ack.data;
  }

  /** Refusal: the server tells why with an `error` event, then disconnects the socket. */
  async function expectRefused(socket: Socket, code: string): Promise<void> {
    const error = nextEvent<RealtimeErrorBody>(socket, 'error');
    const reason = disconnected(socket);
    expect((await error).code).toBe(code);
    expect(await reason).toBe('io server disconnect');
  }

  function errorOf<T>(ack: Ack<T>): RealtimeErrorBody {
    if (ack.ok) {
      throw new Error('expected an error ack');
    }
    return ack.error;
  }

  describe('chatting', () => {
    it('should store a visitor message, ack it with seq 1 and push it to the agents and the other tabs', async () => {
      const chat = await newChat();
      const agent = await connectAgent(chat.tenant);
      const otherTab = clients.visitor({
        widgetKey: chat.tenant.workspace.widgetKey,
        visitorToken: chat.session.visitorToken,
      });
      await ready(otherTab);
      const agentEvent = nextEvent<MessageNewEvent>(agent, 'message:new');
      const tabEvent = nextEvent<MessageDto>(otherTab, 'message:new');
      const echoedToSender: MessageDto[] = [];
      chat.visitor.on('message:new', (echo) => echoedToSender.push(echo));

      const message = await sendOk(chat, 'Where is my order?');

      expect(message).toMatchObject({ seq: 1, author: 'customer', text: 'Where is my order?' });
      expect(await agentEvent).toMatchObject({
        conversation: { id: chat.session.conversation.id, workspaceId: chat.tenant.workspace.id, lastSeq: 1 },
        message: { id: message.id, seq: 1 },
      });
      expect((await tabEvent).id).toBe(message.id);
      // The sending tab has the message from its ack: no echo. (An event pushed later to all tabs arrives
      // after any echo would have.)
      const later = nextEvent(chat.visitor, 'agent:typing');
      agent.emit('typing', { conversationId: chat.session.conversation.id, isTyping: true });
      await later;
      expect(echoedToSender).toEqual([]);
      const stored = await app
        .get(MessagesService)
        .page(chat.tenant.workspace.id, chat.session.conversation.id, { afterSeq: 0 });
      expect(stored).toEqual([message]);
    });

    it('should store one message for the same clientMessageId sent twice and ack the same one', async () => {
      const chat = await newChat();
      const conversationId = chat.session.conversation.id;
      const first = await send(chat.visitor, conversationId, 'Hello', 'retry-1');
      const second = await send(chat.visitor, conversationId, 'Hello', 'retry-1');
      expect(first.ok && second.ok).toBe(true);
      expect(second).toEqual(first);
      const stored = await app.get(MessagesService).page(chat.tenant.workspace.id, conversationId, {});
      expect(stored).toHaveLength(1);
    });

    it('should store one message when the same clientMessageId arrives twice at the same moment', async () => {
      const chat = await newChat();
      const conversationId = chat.session.conversation.id;
      const acks = await Promise.all(
        Array.from({ length: 5 }, () => send(chat.visitor, conversationId, 'Twice?', 'same-id')),
      );
      const stored = await app.get(MessagesService).page(chat.tenant.workspace.id, conversationId, {});
      expect(stored).toHaveLength(1);
      for (const ack of acks) {
        expect(ack).toEqual({ ok: true, data: stored[0] });
      }
      // And the next message still gets the next sequence number, with no gap.
      expect((await sendOk(chat, 'next')).seq).toBe(2);
    });

    it('should return the messages after afterSeq on conversation:resume', async () => {
      const chat = await newChat();
      for (const text of ['one', 'two', 'three']) {
        await sendOk(chat, text);
      }
      const ack = await chat.visitor.emitWithAck('conversation:resume', {
        conversationId: chat.session.conversation.id,
        afterSeq: 1,
      });
      if (!ack.ok) {
        throw new Error(ack.error.code);
      }
      expect(ack.data.messages.map((message) => [message.seq, message.text])).toEqual([
        [2, 'two'],
        [3, 'three'],
      ]);
    });

    it("should pass a visitor's typing to the workspace's agents", async () => {
      const chat = await newChat();
      const agent = await connectAgent(chat.tenant);
      const typing = nextEvent<VisitorTypingEvent>(agent, 'visitor:typing');
      chat.visitor.emit('typing', { conversationId: chat.session.conversation.id, isTyping: true });
      expect(await typing).toEqual({
        conversationId: chat.session.conversation.id,
        visitorId: chat.session.visitorId,
        isTyping: true,
      });
    });
  });

  describe('refusals', () => {
    it('should refuse a socket with a wrong widget key', async () => {
      const chat = await newChat();
      const socket = clients.visitor({ widgetKey: 'nd_pk_wrong', visitorToken: chat.session.visitorToken });
      await expectRefused(socket, 'UNAUTHORIZED');
    });

    it('should refuse a socket from a disallowed origin', async () => {
      const chat = await newChat();
      const socket = clients.visitor(
        { widgetKey: chat.tenant.workspace.widgetKey, visitorToken: chat.session.visitorToken },
        'https://evil.example.net',
      );
      await expectRefused(socket, 'ORIGIN_NOT_ALLOWED');
    });

    it('should refuse missing, malformed, forged, expired and other-workspace visitor tokens', async () => {
      const chat = await newChat();
      const other = await newTenant(app);
      const foreign = await openSession(app, other.workspace.widgetKey);
      const tokens = app.get(SignedTokens);
      const expired = tokens.sign('visitor', chat.tenant.workspace.id, chat.session.visitorId, 60, new Date(0));
      const [version, body] = chat.session.visitorToken.split('.');
      const forgedBody = Buffer.from(
        JSON.stringify({ kind: 'visitor', workspaceId: chat.tenant.workspace.id, subject: 'x', expiresAt: 4e9 }),
      ).toString('base64url');
      const candidates = [
        'garbage',
        expired,
        `${version}.${forgedBody}.${chat.session.visitorToken.split('.')[2]}`,
        `${version}.${body}.AAAA`,
        foreign.visitorToken,
        tokens.sign('agent', chat.tenant.workspace.id, chat.session.visitorId, 60),
      ];
      for (const visitorToken of candidates) {
        await expectRefused(
          clients.visitor({ widgetKey: chat.tenant.workspace.widgetKey, visitorToken }),
          'UNAUTHORIZED',
        );
      }
      const noAuth = clients.visitor({ widgetKey: chat.tenant.workspace.widgetKey } as never);
      await expectRefused(noAuth, 'UNAUTHORIZED');
    });

    it("should answer CONVERSATION_NOT_FOUND, and no data, for another visitor's conversation", async () => {
      const chat = await newChat();
      const stranger = await openSession(app, chat.tenant.workspace.widgetKey);
      const sendAck = await send(chat.visitor, stranger.conversation.id, 'let me in');
      expect(sendAck).toEqual({ ok: false, error: expect.objectContaining({ code: 'CONVERSATION_NOT_FOUND' }) });
      const resumeAck = await chat.visitor.emitWithAck('conversation:resume', {
        conversationId: stranger.conversation.id,
        afterSeq: 0,
      });
      expect(errorOf(resumeAck).code).toBe('CONVERSATION_NOT_FOUND');
      const stored = await app.get(MessagesService).page(chat.tenant.workspace.id, stranger.conversation.id, {});
      expect(stored).toEqual([]);
      expect(chat.visitor.connected).toBe(true);
    });

    it('should refuse a bad agent token and never give workspace A events to an agent of workspace B', async () => {
      const chatA = await newChat();
      const agentA = await connectAgent(chatA.tenant);
      const chatB = await newChat();
      const agentB = await connectAgent(chatB.tenant);
      const seenByB: MessageNewEvent[] = [];
      agentB.on('message:new', (event) => seenByB.push(event));

      const toA = nextEvent<MessageNewEvent>(agentA, 'message:new');
      const messageA = await sendOk(chatA, 'secret of A');
      expect((await toA).message.id).toBe(messageA.id);
      // Events reach one socket in order: once B's own message arrives, A's would have arrived before it.
      const toB = nextEvent<MessageNewEvent>(agentB, 'message:new');
      const messageB = await sendOk(chatB, 'message of B');
      expect((await toB).message.id).toBe(messageB.id);
      expect(seenByB.map((event) => event.message.id)).toEqual([messageB.id]);

      await expectRefused(clients.agent('v1.forged.token'), 'UNAUTHORIZED');
      await expectRefused(clients.agent(chatA.session.visitorToken), 'UNAUTHORIZED');
    });

    it("should end an agent's sockets when the token runs out, or the user is deactivated, and refuse them after", async () => {
      const tenant = await newTenant(app);
      const login = await loginAgent(app, tenant.agentEmail);
      const { workspaceId, id: userId } = login.user;
      const shortLived = app.get(SignedTokens).sign('agent', workspaceId, userId, 1);
      const expiring = clients.agent(shortLived);
      await ready(expiring);
      const expired = nextEvent<RealtimeErrorBody>(expiring, 'error');
      expect(await expired).toEqual({ code: 'UNAUTHORIZED', message: 'The access token expired' });
      await disconnected(expiring);

      const [tab1, tab2] = [clients.agent(login.accessToken), clients.agent(login.accessToken)];
      await Promise.all([ready(tab1), ready(tab2)]);
      const closed = Promise.all([disconnected(tab1), disconnected(tab2)]);
      await app.get(UserManagementService).update(workspaceId, userId, { isActive: false });
      await closed;
      await expectRefused(clients.agent(login.accessToken), 'UNAUTHORIZED');
    });
  });

  describe('bad events', () => {
    /** After each bad event, the server still serves a healthy client. */
    async function expectHealthy(): Promise<void> {
      const chat = await newChat();
      expect((await sendOk(chat, 'still working')).seq).toBe(1);
    }

    it('should answer an unknown event with an error ack, or an error event without an ack', async () => {
      const chat = await newChat();
      const untyped = chat.visitor as unknown as Socket;
      const ack = (await untyped.emitWithAck('nope:nothing', {})) as Ack<never>;
      expect(errorOf(ack).code).toBe('UNKNOWN_EVENT');
      const error = nextEvent<RealtimeErrorBody>(untyped, 'error');
      untyped.emit('also:unknown');
      expect((await error).code).toBe('UNKNOWN_EVENT');
      expect(chat.visitor.connected).toBe(true);
      await expectHealthy();
    });

    it('should answer INVALID_PAYLOAD for wrong types, missing fields and empty or oversized text', async () => {
      const chat = await newChat();
      const untyped = chat.visitor as unknown as Socket;
      const conversationId = chat.session.conversation.id;
      const payloads: unknown[] = [
        42,
        null,
        'text',
        { conversationId, clientMessageId: 'c1', text: 42 },
        { conversationId, text: 'no client id' },
        { conversationId: 'not-a-uuid', clientMessageId: 'c2', text: 'hi' },
        { conversationId, clientMessageId: 'c3', text: '   ' },
        { conversationId, clientMessageId: 'c4', text: 'x'.repeat(4001) },
      ];
      for (const payload of payloads) {
        const ack = (await untyped.emitWithAck('message:send', payload)) as Ack<MessageDto>;
        expect(errorOf(ack).code).toBe('INVALID_PAYLOAD');
      }
      const typingError = nextEvent<RealtimeErrorBody>(untyped, 'error');
      untyped.emit('typing', { conversationId, isTyping: 'yes' });
      expect((await typingError).code).toBe('INVALID_PAYLOAD');
      expect(chat.visitor.connected).toBe(true);
      expect(await app.get(MessagesService).page(chat.tenant.workspace.id, conversationId, {})).toEqual([]);
      await expectHealthy();
    });

    it('should answer a lone-surrogate text with an error ack and keep the socket up', async () => {
      const chat = await newChat();
      const ack = await send(chat.visitor, chat.session.conversation.id, 'broken \uD800 text');
      expect(errorOf(ack).code).toBe('INVALID_PAYLOAD');
      expect(chat.visitor.connected).toBe(true);
      expect((await sendOk(chat, 'fine now')).seq).toBe(1);
    });

    it('should close a connection that sends invalid UTF-8 and keep serving other clients', async () => {
      const chat = await newChat();
      const { port } = app.getHttpServer().address() as { port: number };
      const raw = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
      await new Promise((resolve, reject) => {
        raw.once('open', resolve);
        raw.once('error', reject);
      });
      const closed = new Promise<number>((resolve) => raw.once('close', (code) => resolve(code)));
      // A socket.io event packet whose text frame holds bytes that are not UTF-8.
      raw.send(
        Buffer.concat([
          Buffer.from('42/visitor,["message:send","'),
          Buffer.from([0xc3, 0x28, 0xff]),
          Buffer.from('"]'),
        ]),
        {
          binary: false,
        },
      );
      expect(await closed).toBe(1007);
      expect((await sendOk(chat, 'still here')).seq).toBe(1);
      await expectHealthy();
    });

    it('should close the connection of a 1 MB packet and keep serving other clients', async () => {
      const chat = await newChat();
      const closed = disconnected(chat.visitor);
      chat.visitor.emit(
        'message:send',
        { conversationId: chat.session.conversation.id, clientMessageId: 'big', text: 'x'.repeat(1024 * 1024) },
        () => undefined,
      );
      expect(await closed).toBe('transport close');
      await expectHealthy();
    });
  });
});
