import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  type BotReplyEndEvent,
  type BotReplyStartEvent,
  ConversationTranscript,
  type MessageDto,
  type RealtimeErrorBody,
  type WidgetSessionDto,
} from '@neodesk/contracts';
import { MessagesService } from '../../../apps/conversation-service/src/messages/messages.service';
import {
  RealtimeClients,
  type Tenant,
  type VisitorSocket,
  baseUrl,
  disconnected,
  loginAgent,
  newTenant,
  nextEvent,
  openSession,
  ready,
} from '../../support/realtime-clients';
import { ScriptedWorker } from '../../support/scripted-worker';
import { startTestApp } from '../../support/test-app';
import { TEST_WORKER_TOKEN, workersRegistered } from '../../support/worker-process';

/**
 * The reply protocol at exact points of a reply, with workers scripted by the test (real socket.io
 * clients on the real gateway); the real model runs in bot-replies.spec.ts.
 */
describe('Bot reply protocol: resume, retry, supersede, worker edge', () => {
  let app: NestExpressApplication;
  let clients: RealtimeClients;
  const workers: ScriptedWorker[] = [];

  beforeAll(async () => {
    app = await startTestApp(undefined, {
      SESSION_SECRET: 'reply protocol spec secret, 32+ characters',
      WORKER_TOKEN: TEST_WORKER_TOKEN,
      BOT_REPLY_WAIT_MS: '2000',
      BOT_REPLY_TIMEOUT_MS: '2000',
    });
    clients = new RealtimeClients(app);
  });

  afterEach(async () => {
    clients.closeAll();
    workers.splice(0).forEach((worker) => worker.close());
    // Let the service see the workers leave before the next test registers its own.
    await new Promise((resolve) => setTimeout(resolve, 100));
  });

  afterAll(async () => {
    await app.close();
  });

  async function worker(name = 'w'): Promise<ScriptedWorker> {
    const scripted = new ScriptedWorker(baseUrl(app), TEST_WORKER_TOKEN);
    workers.push(scripted);
    await scripted.register(name);
    return scripted;
  }

  interface Chat {
    tenant: Tenant;
    session: WidgetSessionDto;
    socket: VisitorSocket;
  }

  async function newChat(): Promise<Chat> {
    const tenant = await newTenant(app);
    const session = await openSession(app, tenant.workspace.widgetKey);
    return { tenant, session, socket: await connect(tenant, session) };
  }

  async function connect(tenant: Tenant, session: WidgetSessionDto): Promise<VisitorSocket> {
    const socket = clients.visitor({ widgetKey: tenant.workspace.widgetKey, visitorToken: session.visitorToken });
    await ready(socket);
    return socket;
  }

  function follow(socket: VisitorSocket, transcript: ConversationTranscript): void {
    socket.on('message:new', (message) => transcript.addMessage(message));
    socket.on('bot:reply:start', (event) => transcript.applyStart(event));
    socket.on('bot:reply:delta', (event) => transcript.applyDelta(event));
    socket.on('bot:reply:end', (event) => transcript.applyEnd(event));
  }

  async function say(chat: Chat, text: string, id = `c-${Math.random()}`): Promise<MessageDto> {
    const ack = await chat.socket.emitWithAck('message:send', {
      conversationId: chat.session.conversation.id,
      clientMessageId: id,
      text,
    });
    if (!ack.ok) {
      throw new Error(ack.error.message);
    }
    return ack.data;
  }

  function stored(chat: Chat): Promise<MessageDto[]> {
    return app.get(MessagesService).page(chat.tenant.workspace.id, chat.session.conversation.id, {});
  }

  async function deltasSeen(socket: VisitorSocket, count: number): Promise<void> {
    let seen = 0;
    await new Promise<void>((resolve) =>
      socket.on('bot:reply:delta', () => {
        seen += 1;
        if (seen === count) {
          resolve();
        }
      }),
    );
  }

  it("should send the worker the workspace's persona, the dialogue and its sampling settings", async () => {
    const scripted = await worker();
    const chat = await newChat();
    const job = scripted.nextJob();
    await say(chat, 'Where is my parcel?');
    expect(await job).toMatchObject({
      attempt: 1,
      persona: expect.stringContaining('support assistant'),
      turns: [{ speaker: 'customer', text: 'Where is my parcel?' }],
      params: { maxNewTokens: 96, temperature: 0, topK: 0, topP: 1, repetitionPenalty: 1.1 },
    });
  });

  it('should give a reconnecting visitor the text streamed so far, then the rest live, with no gap or repeat', async () => {
    const scripted = await worker();
    const chat = await newChat();
    const jobPromise = scripted.nextJob();
    const firstDelta = deltasSeen(chat.socket, 1);
    await say(chat, 'Hello?');
    const job = await jobPromise;
    // The reply checks hold back the unfinished last word: the visitor gets 'Hello ' as one delta.
    ['Hel', 'lo ', 'the'].forEach((text, index) => scripted.delta(job, index, text));
    await firstDelta;
    chat.socket.disconnect();
    scripted.delta(job, 3, 're');

    // The widget reconnects and resumes after the last sequence number it had (the customer message).
    const socket = await connect(chat.tenant, chat.session);
    const transcript = new ConversationTranscript(chat.session.conversation.id);
    follow(socket, transcript);
    const resumed = await socket.emitWithAck('conversation:resume', {
      conversationId: chat.session.conversation.id,
      afterSeq: 1,
    });
    if (!resumed.ok) {
      throw new Error(resumed.error.message);
    }
    expect(resumed.data.messages).toEqual([]);
    expect(resumed.data.streaming).toEqual([
      {
        replyId: job.jobId,
        conversationId: chat.session.conversation.id,
        attempt: 1,
        text: 'Hello ',
        nextIndex: 1,
      },
    ]);
    transcript.applyResume(resumed.data);
    const ended = nextEvent<BotReplyEndEvent>(socket, 'bot:reply:end');
    const stored2 = nextEvent<MessageDto>(socket, 'message:new');
    scripted.delta(job, 4, '! ');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(transcript.streaming()).toEqual([{ replyId: job.jobId, attempt: 1, text: 'Hello there! ' }]);
    scripted.done(job, 'Hello there!');
    expect(await ended).toMatchObject({ outcome: 'completed', messageSeq: 2 });
    await stored2;
    expect(transcript.streaming()).toEqual([]);
    expect(transcript.list().map((message) => [message.seq, message.author, message.text])).toEqual([
      [2, 'bot', 'Hello there!'],
    ]);
    expect((await stored(chat)).map((message) => message.text)).toEqual(['Hello?', 'Hello there!']);
  });

  it('should restart a reply on another worker when its worker drops mid-reply, storing it once', async () => {
    const first = await worker('first');
    const chat = await newChat();
    const firstJob = first.nextJob();
    const starts: BotReplyStartEvent[] = [];
    chat.socket.on('bot:reply:start', (event) => starts.push(event));
    await say(chat, 'Is my order late?');
    const job = await firstJob;
    first.delta(job, 0, 'Let me ');
    await nextEvent(chat.socket, 'bot:reply:delta');
    const second = await worker('second');
    const retried = second.nextJob();
    first.close();
    const retry = await retried;
    expect(retry).toMatchObject({ jobId: job.jobId, attempt: 2, turns: job.turns });
    const ended = nextEvent<BotReplyEndEvent>(chat.socket, 'bot:reply:end');
    second.delta(retry, 0, 'It is on its way.');
    second.done(retry, 'It is on its way.');
    expect(await ended).toMatchObject({ replyId: job.jobId, outcome: 'completed', messageSeq: 2 });
    expect(starts.map((start) => start.attempt)).toEqual([1, 2]);
    expect((await stored(chat)).map((message) => [message.author, message.text])).toEqual([
      ['customer', 'Is my order late?'],
      ['bot', 'It is on its way.'],
    ]);
  });

  it('should move a reply at once when its worker drops before answering the assignment, and store it once', async () => {
    const stuck = await worker('stuck');
    stuck.answer = () => null;
    const chat = await newChat();
    const offered = stuck.nextJob();
    await say(chat, 'Hello?');
    const job = await offered;
    const healthy = await worker('healthy');
    const moved = healthy.nextJob();
    const started = Date.now();
    stuck.close();
    const retry = await moved;
    // Well before the 5 s assignment timeout of the dropped worker.
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(retry).toMatchObject({ jobId: job.jobId, attempt: 2 });
    const ended = nextEvent<BotReplyEndEvent>(chat.socket, 'bot:reply:end');
    healthy.done(retry, 'Hi!');
    expect(await ended).toMatchObject({ outcome: 'completed', messageSeq: 2 });
    // The first search's late timeout must not place the reply a second time.
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    expect(healthy.jobs).toHaveLength(1);
    expect((await stored(chat)).map((message) => message.author)).toEqual(['customer', 'bot']);
  }, 15_000);

  it('should supersede a running reply when the visitor writes again, and ignore its late result', async () => {
    const scripted = await worker();
    const chat = await newChat();
    const ends: BotReplyEndEvent[] = [];
    chat.socket.on('bot:reply:end', (event) => ends.push(event));
    const firstJob = scripted.nextJob();
    await say(chat, 'Hi');
    const job1 = await firstJob;
    scripted.delta(job1, 0, 'Hello ');
    await nextEvent(chat.socket, 'bot:reply:delta');
    const secondJob = scripted.nextJob();
    await say(chat, 'I need help with a refund');
    const job2 = await secondJob;
    expect(scripted.cancelled).toEqual([job1.jobId]);
    expect(job2.turns.map((turn) => turn.text)).toEqual(['Hi', 'I need help with a refund']);
    scripted.done(job1, 'Hello! How can I help?');
    const ended = nextEvent<BotReplyEndEvent>(chat.socket, 'bot:reply:end');
    scripted.done(job2, 'Sure, what is your order number?');
    await ended;
    expect(ends.map((end) => [end.replyId, end.outcome])).toEqual([
      [job1.jobId, 'superseded'],
      [job2.jobId, 'completed'],
    ]);
    expect((await stored(chat)).map((message) => message.author)).toEqual(['customer', 'customer', 'bot']);
  });

  it('should place a job a worker refuses as busy on another worker', async () => {
    const busy = await worker('busy');
    busy.answer = () => ({ accepted: false, code: 'busy', message: 'queue full' });
    const free = await worker('free');
    await workersRegistered(app, 2);
    const chat = await newChat();
    const job = free.nextJob();
    await say(chat, 'Hello');
    const placed = await job;
    expect(placed.attempt).toBe(1);
    free.done(placed, 'Hi!');
    await nextEvent(chat.socket, 'bot:reply:end');
    expect((await stored(chat)).map((message) => message.author)).toEqual(['customer', 'bot']);
  });

  it('should fall back to a human when every worker stays busy past the wait limit, never leaving silence', async () => {
    const busy = await worker('busy');
    busy.answer = () => ({ accepted: false, code: 'busy', message: 'queue full' });
    const chat = await newChat();
    const statuses: string[] = [];
    chat.socket.on('conversation:status', (event) => statuses.push(event.status));
    const fallback = new Promise<MessageDto>((resolve) =>
      chat.socket.on('message:new', (message) => message.author === 'system' && resolve(message)),
    );
    const started = Date.now();
    await say(chat, 'Anyone?');
    expect((await fallback).text).toContain('member of our team');
    // BOT_REPLY_WAIT_MS is 2 s here; the busy worker was asked again as its back-off ran out.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(busy.jobs.length).toBeGreaterThan(1);
    expect(statuses).toEqual(['waiting_human']);
  });

  it('should give up on a worker that accepts a job and goes silent: fallback, handoff, and the job cancelled', async () => {
    const silent = await worker('silent');
    const chat = await newChat();
    const jobPromise = silent.nextJob();
    const ended = nextEvent<BotReplyEndEvent>(chat.socket, 'bot:reply:end');
    await say(chat, 'Hello?');
    const job = await jobPromise;
    expect(await ended).toMatchObject({ replyId: job.jobId, outcome: 'failed', messageSeq: null });
    expect(silent.cancelled).toEqual([job.jobId]);
    expect((await stored(chat)).map((message) => message.author)).toEqual(['customer', 'system']);
  });

  it("should keep agents inside their workspace and give them a streaming reply's text on resume", async () => {
    const scripted = await worker();
    const chat = await newChat();
    const other = await newTenant(app);
    const [own, stranger] = await Promise.all([
      loginAgent(app, chat.tenant.agentEmail),
      loginAgent(app, other.agentEmail),
    ]);
    const agent = clients.agent(own.accessToken);
    const intruder = clients.agent(stranger.accessToken);
    await Promise.all([ready(agent), ready(intruder)]);
    const conversationId = chat.session.conversation.id;
    const jobPromise = scripted.nextJob();
    await say(chat, 'Hi there');
    const job = await jobPromise;
    scripted.delta(job, 0, 'Hello ');
    await nextEvent(agent, 'bot:reply:delta');

    for (const event of ['conversation:takeover', 'conversation:resolve', 'conversation:handback'] as const) {
      expect(await intruder.emitWithAck(event, { conversationId })).toMatchObject({
        ok: false,
        error: { code: 'CONVERSATION_NOT_FOUND' },
      });
    }
    expect(
      await intruder.emitWithAck('message:send', { conversationId, clientMessageId: 'x', text: 'Hi from B' }),
    ).toMatchObject({ ok: false, error: { code: 'CONVERSATION_NOT_FOUND' } });
    expect(await intruder.emitWithAck('conversation:resume', { conversationId, afterSeq: 0 })).toMatchObject({
      ok: false,
      error: { code: 'CONVERSATION_NOT_FOUND' },
    });
    expect(await intruder.emitWithAck('conversation:takeover', { conversationId: 'not-a-uuid' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD' },
    });

    const resumed = await agent.emitWithAck('conversation:resume', { conversationId, afterSeq: 0 });
    expect(resumed).toMatchObject({
      ok: true,
      data: {
        messages: [{ seq: 1, text: 'Hi there' }],
        streaming: [{ replyId: job.jobId, text: 'Hello ', nextIndex: 1 }],
        hasMore: false,
      },
    });
    // Still the bot's: nothing the intruder tried changed it, and the reply goes on.
    const ended = nextEvent<BotReplyEndEvent>(chat.socket, 'bot:reply:end');
    scripted.done(job, 'Hello');
    expect(await ended).toMatchObject({ outcome: 'completed' });
  });

  it('should refuse a bad worker token, and answer bad worker events with an error without dropping the socket', async () => {
    const intruder = new ScriptedWorker(baseUrl(app), 'not the worker token');
    workers.push(intruder);
    const refusal = nextEvent<RealtimeErrorBody>(intruder.socket, 'error');
    expect((await refusal).code).toBe('UNAUTHORIZED');
    await disconnected(intruder.socket);

    const scripted = new ScriptedWorker(baseUrl(app), TEST_WORKER_TOKEN);
    workers.push(scripted);
    await new Promise<void>((resolve) => scripted.socket.once('connect', () => resolve()));
    const unregistered = nextEvent<RealtimeErrorBody>(scripted.socket, 'error');
    scripted.socket.emit('job:failed', { jobId: crypto.randomUUID(), attempt: 1, code: 'error', message: 'boom' });
    expect((await unregistered).code).toBe('WORKER_NOT_REGISTERED');
    const badRegistration = await scripted.socket.emitWithAck('worker:register', { modelId: 42 } as never);
    expect(badRegistration).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    await scripted.register();
    const malformed = nextEvent<RealtimeErrorBody>(scripted.socket, 'error');
    scripted.socket.emit('job:done', { jobId: crypto.randomUUID(), attempt: 1, text: 'x', stats: {} as never });
    expect((await malformed).code).toBe('INVALID_PAYLOAD');
    const unknown = nextEvent<RealtimeErrorBody>(scripted.socket, 'error');
    (scripted.socket as unknown as { emit(event: string, payload: unknown): void }).emit('job:steal', {});
    expect((await unknown).code).toBe('UNKNOWN_EVENT');
    expect(scripted.socket.connected).toBe(true);
  });
});
