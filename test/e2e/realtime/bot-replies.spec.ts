import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  type BotReplyDeltaEvent,
  type BotReplyEndEvent,
  type BotReplyStartEvent,
  type ConversationHandoffEvent,
  ConversationTranscript,
  type MessageDto,
  type MessageNewEvent,
  type WidgetSessionDto,
} from '@neodesk/contracts';
import { BotReplyService } from '../../../apps/conversation-service/src/bot/bot-reply.service';
import { MessagesService } from '../../../apps/conversation-service/src/messages/messages.service';
import { WorkerRegistry } from '../../../apps/conversation-service/src/workers/worker-registry';
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
import type { ServiceProcess } from '../../support/service-process';
import { startTestApp } from '../../support/test-app';
import { TEST_WORKER_TOKEN, startWorker, workersRegistered } from '../../support/worker-process';

/** Everything one visitor socket saw of its conversation, assembled as the widget does. */
class VisitorView {
  readonly transcript: ConversationTranscript;
  readonly starts: BotReplyStartEvent[] = [];
  readonly deltas: BotReplyDeltaEvent[] = [];
  readonly ends: BotReplyEndEvent[] = [];
  readonly statuses: string[] = [];

  constructor(
    readonly socket: VisitorSocket,
    conversationId: string,
  ) {
    this.transcript = new ConversationTranscript(conversationId);
    socket.on('message:new', (message) => this.transcript.addMessage(message));
    socket.on('bot:reply:start', (event) => {
      this.starts.push(event);
      this.transcript.applyStart(event);
    });
    socket.on('bot:reply:delta', (event) => {
      this.deltas.push(event);
      this.transcript.applyDelta(event);
    });
    socket.on('bot:reply:end', (event) => {
      this.ends.push(event);
      this.transcript.applyEnd(event);
    });
    socket.on('conversation:status', (event) => this.statuses.push(event.status));
  }

  /** The text streamed for a reply's last attempt. */
  streamedText(replyId: string): string {
    const last = Math.max(...this.deltas.filter((d) => d.replyId === replyId).map((d) => d.attempt));
    return this.deltas
      .filter((delta) => delta.replyId === replyId && delta.attempt === last)
      .sort((a, b) => a.index - b.index)
      .map((delta) => delta.text)
      .join('');
  }
}

function until(condition: () => boolean, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (condition()) {
        resolve();
      } else if (Date.now() > deadline) {
        reject(new Error(`Timed out waiting for ${what}`));
      } else {
        setTimeout(check, 20);
      }
    };
    check();
  });
}

describe('Bot replies through real inference workers', () => {
  let app: NestExpressApplication;
  let clients: RealtimeClients;
  const workers: ServiceProcess[] = [];

  beforeAll(async () => {
    app = await startTestApp(undefined, {
      SESSION_SECRET: 'bot replies spec secret, 32+ characters',
      WORKER_TOKEN: TEST_WORKER_TOKEN,
      BOT_REPLY_WAIT_MS: '1500',
    });
    clients = new RealtimeClients(app);
  });

  afterEach(() => clients.closeAll());

  afterAll(async () => {
    clients.closeAll();
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
    await app.close();
  });

  interface Chat {
    tenant: Tenant;
    session: WidgetSessionDto;
    view: VisitorView;
  }

  async function newChat(tenant?: Tenant): Promise<Chat> {
    const owner = tenant ?? (await newTenant(app));
    const session = await openSession(app, owner.workspace.widgetKey);
    const socket = clients.visitor({ widgetKey: owner.workspace.widgetKey, visitorToken: session.visitorToken });
    await ready(socket);
    return { tenant: owner, session, view: new VisitorView(socket, session.conversation.id) };
  }

  async function connectAgent(tenant: Tenant): Promise<AgentSocket> {
    const login = await loginAgent(app, tenant.agentEmail);
    const agent = clients.agent(login.accessToken);
    await ready(agent);
    return agent;
  }

  async function say(chat: Chat, text: string): Promise<MessageDto> {
    const ack = await chat.view.socket.emitWithAck('message:send', {
      conversationId: chat.session.conversation.id,
      clientMessageId: `c-${Math.random()}`,
      text,
    });
    if (!ack.ok) {
      throw new Error(`${ack.error.code}: ${ack.error.message}`);
    }
    // As the widget does: the sending tab takes its own message from the ack (it is not echoed).
    chat.view.transcript.addMessage(ack.data);
    return ack.data;
  }

  function stored(chat: Chat): Promise<MessageDto[]> {
    return app.get(MessagesService).page(chat.tenant.workspace.id, chat.session.conversation.id, {});
  }

  describe('with no worker connected', () => {
    it('should send the fallback message and hand the conversation to a human, never leave silence', async () => {
      const chat = await newChat();
      const agent = await connectAgent(chat.tenant);
      const handoff = nextEvent<ConversationHandoffEvent>(agent, 'conversation:handoff');
      await say(chat, 'Where is my order?');
      expect((await handoff).reason).toBe('bot_unavailable');
      await until(() => chat.view.transcript.list().length === 2, 5_000, 'the fallback message');
      const [, fallback] = await stored(chat);
      expect(fallback).toMatchObject({ seq: 2, author: 'system' });
      expect(fallback?.text).toContain('member of our team');
      expect(chat.view.statuses).toContain('waiting_human');
    });
  });

  describe('with workers', () => {
    beforeAll(async () => {
      workers.push(startWorker(app), startWorker(app));
      await workersRegistered(app, 2);
    }, 90_000);

    it('should stream the reply to the visitor and the agents and store exactly what was streamed', async () => {
      const chat = await newChat();
      const agent = await connectAgent(chat.tenant);
      const agentDeltas: BotReplyDeltaEvent[] = [];
      agent.on('bot:reply:delta', (delta) => agentDeltas.push(delta));
      const botMessage = new Promise<MessageNewEvent>((resolve) =>
        agent.on('message:new', (event) => event.message.author === 'bot' && resolve(event)),
      );
      const customer = await say(chat, 'I want a refund for my broken headphones');
      const { message: reply } = await botMessage;
      await until(() => chat.view.ends.length === 1, 5_000, 'the end of the reply');

      expect(customer.seq).toBe(1);
      expect(reply).toMatchObject({ seq: 2, author: 'bot' });
      expect(reply.text.length).toBeGreaterThan(0);
      expect(reply.generation).toMatchObject({ modelId: 'neodesk-support-gpt-neo', finishReason: expect.any(String) });
      const [start] = chat.view.starts;
      expect(start).toMatchObject({ conversationId: chat.session.conversation.id, attempt: 1 });
      expect(chat.view.ends[0]).toMatchObject({ replyId: start?.replyId, outcome: 'completed', messageSeq: 2 });
      expect(chat.view.streamedText(start.replyId)).toBe(reply.text);
      expect(agentDeltas.map((delta) => delta.text).join('')).toBe(reply.text);
      expect((await stored(chat)).map((message) => [message.seq, message.author])).toEqual([
        [1, 'customer'],
        [2, 'bot'],
      ]);
    });

    it('should answer many visitors at once, each exactly once', async () => {
      const tenant = await newTenant(app);
      const chats = await Promise.all(Array.from({ length: 6 }, () => newChat(tenant)));
      await Promise.all(
        chats.map((chat, i) => say(chat, i % 2 === 0 ? 'Where is my order?' : 'How do I reset my password?')),
      );
      await until(() => chats.every((chat) => chat.view.ends.length === 1), 20_000, 'every reply');
      for (const chat of chats) {
        const messages = await stored(chat);
        expect(messages.map((message) => message.author)).toEqual(['customer', 'bot']);
        expect(chat.view.streamedText(chat.view.starts[0].replyId)).toBe(messages[1]?.text);
      }
    });

    it('should stop the bot at once when an agent takes over mid-reply: no token after the ack, nothing stored', async () => {
      const chat = await newChat();
      const agent = await connectAgent(chat.tenant);
      // Freeze both workers at the first token so the reply is certainly still running at the takeover.
      const firstDelta = nextEvent<BotReplyDeltaEvent>(chat.view.socket, 'bot:reply:delta');
      await say(chat, 'My package arrived damaged, what can I do?');
      await firstDelta;
      workers.forEach((worker) => process.kill(worker.pid, 'SIGSTOP'));
      try {
        const ack = await agent.emitWithAck('conversation:takeover', { conversationId: chat.session.conversation.id });
        expect(ack).toMatchObject({ ok: true, data: { status: 'human' } });
        const deltasAtTakeover = chat.view.deltas.length;
        expect(chat.view.ends.at(-1)).toMatchObject({ outcome: 'cancelled' });
        workers.forEach((worker) => process.kill(worker.pid, 'SIGCONT'));
        // Whatever the workers had computed arrives now and must be dropped by the service.
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(chat.view.deltas.length).toBe(deltasAtTakeover);
        expect((await stored(chat)).map((message) => message.author)).toEqual(['customer']);
        expect(app.get(BotReplyService).inFlight).toBe(0);
        const free = await app.get(WorkerRegistry).list();
        expect(free.map((worker) => worker.assigned)).toEqual([0, 0]);
      } finally {
        workers.forEach((worker) => process.kill(worker.pid, 'SIGCONT'));
      }
    });

    it('should hand over on the visitor button and on a handoff phrase, and the bot stays silent after', async () => {
      const button = await newChat();
      const agent = await connectAgent(button.tenant);
      const handoffs: ConversationHandoffEvent[] = [];
      agent.on('conversation:handoff', (event) => handoffs.push(event));
      const ack = await button.view.socket.emitWithAck('handoff:request', {
        conversationId: button.session.conversation.id,
      });
      expect(ack).toMatchObject({ ok: true, data: { status: 'waiting_human' } });
      await say(button, 'Hello?');
      expect(app.get(BotReplyService).inFlight).toBe(0);

      const phrase = await newChat(button.tenant);
      await say(phrase, 'Can I please talk to a HUMAN?');
      expect(app.get(BotReplyService).inFlight).toBe(0);
      await until(() => handoffs.length === 2, 5_000, 'two handoff events');
      expect(handoffs.map((event) => event.reason)).toEqual(['visitor_request', 'handoff_phrase']);
      expect(phrase.view.statuses).toEqual(['waiting_human']);
      expect(phrase.view.starts).toHaveLength(0);
      expect(button.view.starts).toHaveLength(0);
    });

    it('should let an agent reply, type, resolve and hand back; the bot then answers the open question', async () => {
      const chat = await newChat();
      const agent = await connectAgent(chat.tenant);
      const conversationId = chat.session.conversation.id;
      await chat.view.socket.emitWithAck('handoff:request', { conversationId });
      await say(chat, 'Is anyone there?');
      const typing = nextEvent<{ isTyping: boolean }>(chat.view.socket, 'agent:typing');
      agent.emit('typing', { conversationId, isTyping: true });
      expect(await typing).toEqual({ conversationId, isTyping: true });
      const reply = await agent.emitWithAck('message:send', {
        conversationId,
        clientMessageId: 'a-1',
        text: 'Yes, Ana here.',
      });
      expect(reply).toMatchObject({ ok: true, data: { author: 'agent', seq: 2 } });
      await until(() => chat.view.statuses.includes('human'), 5_000, 'the human status');

      await say(chat, 'Can the bot tell me the shipping times?');
      expect(app.get(BotReplyService).inFlight).toBe(0);
      const handedBack = await agent.emitWithAck('conversation:handback', { conversationId });
      expect(handedBack).toMatchObject({ ok: true, data: { status: 'bot', assignedAgentId: null } });
      await until(() => chat.view.ends.length === 1, 10_000, 'the bot answer after hand back');
      const messages = await stored(chat);
      expect(messages.map((message) => message.author)).toEqual(['customer', 'agent', 'customer', 'bot']);

      const resolved = await agent.emitWithAck('conversation:resolve', { conversationId });
      expect(resolved).toMatchObject({ ok: true, data: { status: 'resolved' } });
    });

    it('should retry a reply on the other worker when its worker is killed mid-reply, storing each reply once', async () => {
      const tenant = await newTenant(app);
      const chats = await Promise.all(Array.from({ length: 6 }, () => newChat(tenant)));
      const registry = app.get(WorkerRegistry);
      let victim: number | undefined;
      const killed = new Promise<void>((resolve) => {
        for (const chat of chats) {
          chat.view.socket.once('bot:reply:delta', () => {
            if (victim !== undefined) {
              return;
            }
            // Freeze every worker at once, then kill the one that holds replies.
            workers.forEach((worker) => process.kill(worker.pid, 'SIGSTOP'));
            void registry.list().then((views) => {
              const busiest = views.reduce((a, b) => (b.assigned > a.assigned ? b : a));
              victim = busiest.registration.pid;
              process.kill(victim, 'SIGKILL');
              workers.forEach((worker) => worker.pid !== victim && process.kill(worker.pid, 'SIGCONT'));
              resolve();
            });
          });
        }
      });
      await Promise.all(chats.map((chat) => say(chat, 'My order never arrived, can you check?')));
      await killed;
      await until(() => chats.every((chat) => chat.view.ends.length >= 1), 20_000, 'every reply to end');
      expect(chats.some((chat) => chat.view.starts.some((start) => start.attempt === 2))).toBe(true);
      for (const chat of chats) {
        const messages = await stored(chat);
        expect(messages.map((message) => message.author)).toEqual(['customer', 'bot']);
        expect(chat.view.ends).toEqual([expect.objectContaining({ outcome: 'completed', messageSeq: 2 })]);
        const last = chat.view.starts.at(-1)!;
        expect(chat.view.streamedText(last.replyId)).toBe(messages[1]?.text);
      }
      const survivor = workers.find((worker) => worker.pid !== victim);
      workers.splice(0, workers.length, ...(survivor === undefined ? [] : [survivor]));
    });

    it('should fall back to a human when the only worker dies mid-reply', async () => {
      expect(workers.length).toBe(1);
      const tenant = await newTenant(app);
      const agent = await connectAgent(tenant);
      const handoffs: ConversationHandoffEvent[] = [];
      agent.on('conversation:handoff', (event) => handoffs.push(event));
      const chats = await Promise.all(Array.from({ length: 6 }, () => newChat(tenant)));
      const [worker] = workers;
      for (const chat of chats) {
        chat.view.socket.once('bot:reply:delta', () => {
          if (worker !== undefined && worker.pid > 0) {
            process.kill(worker.pid, 'SIGSTOP');
            process.kill(worker.pid, 'SIGKILL');
          }
        });
      }
      await Promise.all(chats.map((chat) => say(chat, 'Where is my order?')));
      // Each conversation ends with the bot's reply or, when its worker died first, the fallback message.
      await until(
        () => chats.every((chat) => chat.view.transcript.list().length === 2),
        10_000,
        'a reply or a fallback in every conversation',
      );
      const failed = chats.filter((chat) => chat.view.transcript.list()[1]?.author === 'system');
      expect(failed.length).toBeGreaterThan(0);
      for (const chat of chats) {
        const authors = (await stored(chat)).map((message) => message.author);
        expect(authors).toEqual(failed.includes(chat) ? ['customer', 'system'] : ['customer', 'bot']);
        // A reply that had started streaming is closed for the visitor: completed, or failed.
        chat.view.ends.forEach((end) => expect(end.outcome).toBe(failed.includes(chat) ? 'failed' : 'completed'));
      }
      await until(() => handoffs.length === failed.length, 5_000, 'a handoff per failed reply');
      expect(handoffs.some((event) => event.reason === 'bot_failed')).toBe(true);
      for (const event of handoffs) {
        const chat = chats.find((candidate) => candidate.session.conversation.id === event.conversation.id);
        // A reply the worker had taken failed with it; one still being prepared (its knowledge retrieved)
        // when the only worker died found none to take it.
        const allowed = (chat?.view.ends.length ?? 0) > 0 ? ['bot_failed'] : ['bot_failed', 'bot_unavailable'];
        expect(allowed).toContain(event.reason);
      }
      failed.forEach((chat) => expect(chat.view.statuses).toContain('waiting_human'));
      workers.splice(0);
    });
  });
});
