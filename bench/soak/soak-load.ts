/**
 * The load of npm run test:soak, in its own process so that it shares no event loop with the orchestrator
 * or the servers. Usage: soak-load.ts <spec.json> <result.json> (with an IPC channel to soak.ts: it sends
 * 'ready' once every client is connected, waits for 'go', and sends 'done' when the result is written).
 *
 * Visitors in bot mode write, wait for the bot's answer (a stored reply, or the fallback and a handoff),
 * pause 5-15 s and write again; a handed-over visitor starts a new conversation. Visitors in human mode
 * write every 5-15 s; each has an agent, who takes the conversation over at its first message and answers
 * every customer message over the agent socket. Every client survives its replica going away: it moves to
 * another one, resumes from the last sequence number it saw and resends what was not acknowledged with the
 * same client message id.
 */
import { randomInt } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import type {
  Ack,
  AgentClientToServerEvents,
  AgentServerToClientEvents,
  ConversationDto,
  MessageDto,
  RealtimeErrorCode,
  ResumeResult,
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
  WidgetSessionDto,
} from '@neodesk/contracts';
import { type Socket, io } from 'socket.io-client';
import type { ConversationMode, SoakLoadResult, SoakLoadSpec } from './soak-protocol';

type VisitorSocket = Socket<VisitorServerToClientEvents, VisitorClientToServerEvents>;
type AgentSocket = Socket<AgentServerToClientEvents, AgentClientToServerEvents>;

const CONNECT_TIMEOUT_MS = 10_000;
const EMIT_TIMEOUT_MS = 10_000;
const RETRY_PAUSE_MS = 500;
const CONNECT_CONCURRENCY = 20;
/** After the status leaves 'bot', how long the visitor still waits for the fallback message that follows it. */
const HANDOFF_GRACE_MS = 3_000;
/** Codes that say the message itself is wrong: retrying it cannot help. */
const FINAL_CODES: readonly RealtimeErrorCode[] = [
  'UNAUTHORIZED',
  'ORIGIN_NOT_ALLOWED',
  'INVALID_PAYLOAD',
  'UNKNOWN_EVENT',
  'CONVERSATION_NOT_FOUND',
  'MESSAGE_INVALID',
  'MESSAGE_CLIENT_ID_CONFLICT',
];

/** Questions a shopper asks, none repeated within a conversation (a repeat would hand it over). */
const QUESTIONS = [
  'Where is my order? It was supposed to arrive on Monday.',
  'How long does shipping to Canada take?',
  'Can I change the delivery address of my order?',
  'What is your return policy for shoes?',
  'Do you ship to Norway?',
  'My package arrived damaged, what should I do?',
  'How do I reset my password?',
  'Can I pay with PayPal?',
  'Is there a discount for students?',
  'When will the blue jacket be back in stock?',
  'How do I track my parcel?',
  'Can I cancel an order I placed this morning?',
  'Why was my card declined at checkout?',
  'Do you offer gift wrapping?',
  'What sizes does the running shoe come in?',
  'How much is express delivery?',
  'Can I exchange a sweater for a bigger size?',
  'My discount code does not work, can you help?',
  'Do you have a store in Berlin?',
  'How long is the warranty on headphones?',
  'I received the wrong item in my parcel.',
  'Can I order by phone?',
  'Are your products vegan?',
  'How do I unsubscribe from the newsletter?',
];

const result: SoakLoadResult = {
  startedAt: 0,
  sendingEndedAt: 0,
  endedAt: 0,
  sessions: 0,
  conversations: [],
  customer: { sent: 0, acked: 0, unacked: 0, retries: 0, errors: {}, ackMs: [] },
  acked: [],
  bot: {
    started: 0,
    completed: 0,
    fallbacks: 0,
    handoffs: 0,
    timedOut: 0,
    firstTokenMs: [],
    fullReplyMs: [],
    timings: [],
  },
  agent: { sent: 0, acked: 0, delivered: 0, takeovers: 0, errors: {}, deliveryMs: [] },
  reconnects: 0,
  reconnectMs: [],
  clientCpuMs: 0,
};
const startedReplies = new Set<string>();
/** Agent messages by client id: when the agent first emitted them, and whether a visitor got them. */
const agentMessages = new Map<string, { sentAt: number; delivered: boolean }>();
/** Human-mode conversation id -> its agent. */
const owners = new Map<string, AgentClient>();
let stopping = false;
let stopSignal: () => void = () => undefined;
const stopped = new Promise<void>((resolve) => (stopSignal = resolve));

function count(errors: Record<string, number>, code: string): void {
  errors[code] = (errors[code] ?? 0) + 1;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Sleeps, but wakes at once when sending stops. */
function pause(ms: number): Promise<void> {
  return Promise.race([sleep(ms), stopped]);
}

/**
 * A socket.io connection that outlives its replica: on a disconnect it did not ask for, it connects to the
 * next URL (then the next, ...) until one accepts it, and calls `onReady(true)` to catch up.
 */
class Link<S extends Socket> {
  socket: S | undefined;
  private connected = false;
  private closed = false;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly urls: string[],
    private urlIndex: number,
    private readonly open: (url: string) => S,
    private readonly attach: (socket: S) => void,
    private readonly onReady: (reconnected: boolean) => Promise<void>,
  ) {}

  get isReady(): boolean {
    return this.connected;
  }

  /** Connects to its own replica, or to the next one that accepts it when that one is down. */
  async start(): Promise<void> {
    for (let tries = 1; ; tries++) {
      try {
        await this.connectTo(this.urls[this.urlIndex]);
        break;
      } catch (error) {
        if (tries >= this.urls.length) {
          throw error;
        }
        this.urlIndex = (this.urlIndex + 1) % this.urls.length;
      }
    }
    await this.onReady(false);
  }

  /** Waits until connected; false if `deadline` (epoch ms) passes first. */
  async ready(deadline: number): Promise<boolean> {
    while (!this.connected) {
      const left = deadline - Date.now();
      if (left <= 0 || this.closed) {
        return false;
      }
      await Promise.race([new Promise<void>((resolve) => this.waiters.push(resolve)), sleep(left)]);
    }
    return true;
  }

  close(): void {
    this.closed = true;
    this.socket?.disconnect();
  }

  private connectTo(url: string): Promise<void> {
    const socket = this.open(url);
    return new Promise((resolve, reject) => {
      const fail = (error: Error): void => {
        clearTimeout(timer);
        socket.removeAllListeners();
        socket.disconnect();
        reject(error);
      };
      const timer = setTimeout(() => fail(new Error(`no session:ready from ${url} in time`)), CONNECT_TIMEOUT_MS);
      const untyped = socket as unknown as Socket;
      untyped.once('session:ready', () => {
        clearTimeout(timer);
        untyped.off('connect_error');
        this.socket = socket;
        this.attach(socket);
        untyped.on('disconnect', (reason: string) => {
          this.connected = false;
          if (reason !== 'io client disconnect' && !this.closed) {
            void this.reconnect();
          }
        });
        this.connected = true;
        for (const wake of this.waiters.splice(0)) {
          wake();
        }
        resolve();
      });
      untyped.once('connect_error', (error: Error) => fail(error));
      untyped.once('error', (error: { code: string; message: string }) =>
        fail(new Error(`refused: ${error.code} ${error.message}`)),
      );
    });
  }

  private async reconnect(): Promise<void> {
    const lostAt = Date.now();
    for (let tries = 0; !this.closed; tries++) {
      this.urlIndex = (this.urlIndex + 1) % this.urls.length;
      try {
        await this.connectTo(this.urls[this.urlIndex]);
      } catch {
        await sleep(Math.min(2_000, 200 * (tries + 1)));
        continue;
      }
      result.reconnects += 1;
      result.reconnectMs.push(Date.now() - lostAt);
      await this.onReady(true);
      return;
    }
  }
}

/** Emits an acknowledged event until it is acked, a final error comes back or `deadline` passes. */
async function emitUntilAcked<T>(
  link: Link<Socket>,
  deadline: number,
  errors: Record<string, number>,
  emit: (socket: Socket) => Promise<Ack<T>>,
): Promise<{ data: T; retries: number } | null> {
  for (let attempt = 0; Date.now() < deadline; attempt++) {
    if (attempt > 0) {
      await sleep(RETRY_PAUSE_MS);
    }
    if (!(await link.ready(deadline)) || link.socket === undefined) {
      break;
    }
    let ack: Ack<T>;
    try {
      ack = await emit(link.socket);
    } catch {
      count(errors, link.isReady ? 'TIMEOUT' : 'DISCONNECTED');
      continue;
    }
    if (ack.ok) {
      return { data: ack.data, retries: attempt };
    }
    count(errors, ack.error.code);
    if (FINAL_CODES.includes(ack.error.code)) {
      return null;
    }
  }
  return null;
}

interface PendingAnswer {
  seq: number;
  sentAt: number;
  firstTokenAt: number | null;
  settle: (outcome: 'reply' | 'fallback' | 'handoff') => void;
}

class VisitorClient {
  private link: Link<VisitorSocket> | undefined;
  private conversationId = '';
  private status: ConversationDto['status'] = 'bot';
  private lastSeq = 0;
  private readonly seen = new Set<number>();
  /** Answers seen by seq (bot replies, fallbacks), matched to the customer message they follow. */
  private readonly answers = new Map<number, 'reply' | 'fallback'>();
  private pending: PendingAnswer | undefined;
  private handoffTimer: NodeJS.Timeout | undefined;
  private questions: string[] = [];
  private sentCount = 0;

  constructor(
    private readonly spec: SoakLoadSpec,
    private readonly index: number,
    private readonly mode: ConversationMode,
  ) {}

  get conversation(): string {
    return this.conversationId;
  }

  /** A new widget session (a new conversation) and a socket on the visitor's replica. */
  async open(): Promise<void> {
    this.link?.close();
    const urlIndex = this.index % this.spec.urls.length;
    const session = await this.newSession(urlIndex);
    this.conversationId = session.conversation.id;
    this.status = session.conversation.status;
    this.lastSeq = 0;
    this.seen.clear();
    this.answers.clear();
    this.questions = shuffled(QUESTIONS);
    result.sessions += 1;
    result.conversations.push({ id: this.conversationId, mode: this.mode });
    const auth = { widgetKey: this.spec.widgetKey, visitorToken: session.visitorToken };
    this.link = new Link<VisitorSocket>(
      this.spec.urls,
      urlIndex,
      (url) =>
        io(`${url}/visitor`, {
          transports: ['websocket'],
          auth,
          extraHeaders: { origin: this.spec.origin },
          reconnection: false,
          forceNew: true,
          timeout: CONNECT_TIMEOUT_MS,
        }),
      (socket) => this.attach(socket),
      (reconnected) => (reconnected ? this.catchUp() : Promise.resolve()),
    );
    await this.link.start();
  }

  close(): void {
    this.link?.close();
  }

  async runBot(): Promise<void> {
    while (!stopping) {
      if (this.status !== 'bot' || this.questions.length === 0) {
        if (!(await this.reopen())) {
          return;
        }
      }
      const sent = await this.send(this.questions.pop() ?? 'Hello?');
      if (sent !== null) {
        const outcome = await this.awaitAnswer(sent.seq, sent.sentAt);
        if (outcome !== 'reply') {
          // A fallback, a handoff or silence: the conversation is a person's now; the next question starts anew.
          this.status = 'waiting_human';
        }
      }
      await pause(randomInt(this.spec.minIntervalMs, this.spec.maxIntervalMs + 1));
    }
  }

  async runHuman(): Promise<void> {
    await pause(randomInt(0, this.spec.maxIntervalMs + 1));
    while (!stopping) {
      await this.send(`Message ${this.sentCount + 1} for a person: I have a question about invoice ${this.index}.`);
      await pause(randomInt(this.spec.minIntervalMs, this.spec.maxIntervalMs + 1));
    }
  }

  /** Everything after the last message seen (at the end: agent messages whose live delivery was lost). */
  async catchUp(): Promise<void> {
    const link = this.link;
    if (link === undefined) {
      return;
    }
    for (;;) {
      const answer = await emitUntilAcked<ResumeResult>(
        link,
        Date.now() + this.spec.ackDeadlineMs,
        result.customer.errors,
        (socket) =>
          (socket as unknown as VisitorSocket)
            .timeout(EMIT_TIMEOUT_MS)
            .emitWithAck('conversation:resume', { conversationId: this.conversationId, afterSeq: this.lastSeq }),
      );
      if (answer === null) {
        return;
      }
      for (const message of answer.data.messages) {
        this.onMessage(message);
      }
      if (this.pending !== undefined && this.pending.firstTokenAt === null) {
        const streaming = answer.data.streaming.some((reply) => reply.text.length > 0);
        if (streaming) {
          this.firstToken();
        }
      }
      if (!answer.data.hasMore) {
        return;
      }
    }
  }

  private async reopen(): Promise<boolean> {
    for (;;) {
      if (stopping) {
        return false;
      }
      try {
        await this.open();
        return true;
      } catch (error) {
        count(result.customer.errors, 'SESSION_FAILED');
        process.stderr.write(`soak-load: new session failed: ${(error as Error).message}\n`);
        await pause(1_000);
      }
    }
  }

  private async newSession(urlIndex: number): Promise<WidgetSessionDto> {
    const deadline = Date.now() + this.spec.ackDeadlineMs;
    let lastError = '';
    for (let attempt = 0; Date.now() < deadline; attempt++) {
      // Another replica on each try, so a replica that is down does not stop new visitors.
      const url = this.spec.urls[(urlIndex + attempt) % this.spec.urls.length];
      try {
        const response = await fetch(`${url}/api/v1/widget/sessions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: this.spec.origin },
          body: JSON.stringify({ widgetKey: this.spec.widgetKey }),
          signal: AbortSignal.timeout(EMIT_TIMEOUT_MS),
        });
        if (response.status === 201) {
          return (await response.json()) as WidgetSessionDto;
        }
        lastError = `${response.status} ${await response.text()}`;
      } catch (error) {
        lastError = (error as Error).message;
      }
      await sleep(RETRY_PAUSE_MS);
    }
    throw new Error(`POST /api/v1/widget/sessions kept failing: ${lastError}`);
  }

  /** Sends one customer message, retried with the same client id until acked; null if given up. */
  private async send(text: string): Promise<{ seq: number; sentAt: number } | null> {
    const link = this.link;
    if (link === undefined) {
      return null;
    }
    this.sentCount += 1;
    const clientMessageId = `${this.spec.runId}-v${this.index}-${this.sentCount}`;
    const conversationId = this.conversationId;
    const sentAt = Date.now();
    result.customer.sent += 1;
    const acked = await emitUntilAcked<MessageDto>(
      link,
      sentAt + this.spec.ackDeadlineMs,
      result.customer.errors,
      (socket) =>
        (socket as unknown as VisitorSocket)
          .timeout(EMIT_TIMEOUT_MS)
          .emitWithAck('message:send', { conversationId, clientMessageId, text }),
    );
    if (acked === null) {
      result.customer.unacked += 1;
      return null;
    }
    result.customer.acked += 1;
    result.customer.retries += acked.retries;
    result.customer.ackMs.push(Date.now() - sentAt);
    result.acked.push({ conversationId, clientMessageId, seq: acked.data.seq });
    this.seen.add(acked.data.seq);
    this.lastSeq = Math.max(this.lastSeq, acked.data.seq);
    return { seq: acked.data.seq, sentAt };
  }

  /** Waits for the bot's answer to `seq` (or a handoff); a timeout looks once more by resuming. */
  private async awaitAnswer(seq: number, sentAt: number): Promise<'reply' | 'fallback' | 'handoff' | 'timeout'> {
    let settle: PendingAnswer['settle'] = () => undefined;
    const answered = new Promise<'reply' | 'fallback' | 'handoff'>((resolve) => (settle = resolve));
    this.pending = { seq, sentAt, firstTokenAt: null, settle };
    // An answer may have arrived before the ack (the message push is not ordered with the ack).
    this.recheckPending();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.spec.replyTimeoutMs);
    });
    let outcome = await Promise.race([answered, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      await this.catchUp();
      outcome = await Promise.race([answered, sleep(0).then(() => 'timeout' as const)]);
    }
    clearTimeout(this.handoffTimer);
    this.pending = undefined;
    const answeredAt = Date.now();
    switch (outcome) {
      case 'reply':
        result.bot.completed += 1;
        result.bot.fullReplyMs.push(answeredAt - sentAt);
        break;
      case 'fallback':
        result.bot.fallbacks += 1;
        break;
      case 'handoff':
        result.bot.handoffs += 1;
        break;
      case 'timeout':
        result.bot.timedOut += 1;
        return outcome;
    }
    result.bot.timings.push({ sentAt, answeredAt, outcome });
    return outcome;
  }

  private attach(socket: VisitorSocket): void {
    socket.on('message:new', (message) => this.onMessage(message));
    socket.on('bot:reply:start', (event) => {
      if (event.conversationId === this.conversationId && !startedReplies.has(event.replyId)) {
        startedReplies.add(event.replyId);
        result.bot.started += 1;
      }
    });
    socket.on('bot:reply:delta', (event) => {
      if (event.conversationId === this.conversationId && event.text.length > 0) {
        this.firstToken();
      }
    });
    socket.on('conversation:status', (event) => {
      if (event.conversationId !== this.conversationId) {
        return;
      }
      this.status = event.status;
      if (event.status !== 'bot' && this.pending !== undefined) {
        const pending = this.pending;
        clearTimeout(this.handoffTimer);
        this.handoffTimer = setTimeout(() => pending.settle('handoff'), HANDOFF_GRACE_MS);
      }
    });
  }

  private firstToken(): void {
    const pending = this.pending;
    if (pending !== undefined && pending.firstTokenAt === null) {
      pending.firstTokenAt = Date.now();
      result.bot.firstTokenMs.push(pending.firstTokenAt - pending.sentAt);
    }
  }

  private onMessage(message: MessageDto): void {
    if (message.conversationId !== this.conversationId || this.seen.has(message.seq)) {
      return;
    }
    this.seen.add(message.seq);
    this.lastSeq = Math.max(this.lastSeq, message.seq);
    if (message.author === 'agent' && message.clientMessageId !== null) {
      const sent = agentMessages.get(message.clientMessageId);
      if (sent !== undefined && !sent.delivered) {
        sent.delivered = true;
        result.agent.delivered += 1;
        result.agent.deliveryMs.push(Date.now() - sent.sentAt);
      }
    }
    if (message.author === 'bot') {
      this.answers.set(message.seq, 'reply');
    } else if (message.author === 'system' && (message.clientMessageId ?? '').startsWith('bot-fallback:')) {
      this.answers.set(message.seq, 'fallback');
    }
    this.recheckPending();
  }

  private recheckPending(): void {
    const pending = this.pending;
    if (pending === undefined) {
      return;
    }
    for (const [seq, kind] of this.answers) {
      if (seq > pending.seq) {
        if (kind === 'reply') {
          // A reply stored without a streamed token (a resume caught it) counts its first token now.
          this.firstToken();
        }
        pending.settle(kind);
        return;
      }
    }
  }
}

class AgentClient {
  private link: Link<AgentSocket> | undefined;
  private readonly takenOver = new Set<string>();
  private sentCount = 0;

  constructor(
    private readonly spec: SoakLoadSpec,
    private readonly index: number,
  ) {}

  async open(): Promise<void> {
    const { token } = this.spec.agents[this.index];
    this.link = new Link<AgentSocket>(
      this.spec.urls,
      this.index % this.spec.urls.length,
      (url) =>
        io(`${url}/agent`, {
          transports: ['websocket'],
          auth: { token },
          reconnection: false,
          forceNew: true,
          timeout: CONNECT_TIMEOUT_MS,
        }),
      (socket) =>
        socket.on('message:new', (event) => {
          if (event.message.author === 'customer' && owners.get(event.conversation.id) === this) {
            void this.answer(event.conversation.id);
          }
        }),
      () => Promise.resolve(),
    );
    await this.link.start();
  }

  close(): void {
    this.link?.close();
  }

  private async answer(conversationId: string): Promise<void> {
    const link = this.link as unknown as Link<Socket>;
    const deadline = Date.now() + this.spec.ackDeadlineMs;
    if (!this.takenOver.has(conversationId)) {
      this.takenOver.add(conversationId);
      // At once: the bot may have started on this first message, and must stop.
      const taken = await emitUntilAcked<ConversationDto>(link, deadline, result.agent.errors, (socket) =>
        (socket as unknown as AgentSocket)
          .timeout(EMIT_TIMEOUT_MS)
          .emitWithAck('conversation:takeover', { conversationId }),
      );
      if (taken !== null) {
        result.agent.takeovers += 1;
      }
    }
    await sleep(randomInt(300, 1_000));
    this.sentCount += 1;
    const clientMessageId = `${this.spec.runId}-a${this.index}-${this.sentCount}`;
    agentMessages.set(clientMessageId, { sentAt: Date.now(), delivered: false });
    result.agent.sent += 1;
    const acked = await emitUntilAcked<MessageDto>(link, deadline, result.agent.errors, (socket) =>
      (socket as unknown as AgentSocket).timeout(EMIT_TIMEOUT_MS).emitWithAck('message:send', {
        conversationId,
        clientMessageId,
        text: `Thanks, I am looking into it (${this.sentCount}).`,
      }),
    );
    if (acked !== null) {
      result.agent.acked += 1;
    }
  }
}

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

async function inLanes<T>(items: T[], lanes: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < items.length) {
        await work(items[next++]);
      }
    }),
  );
}

async function main(specPath: string, resultPath: string): Promise<void> {
  const spec = JSON.parse(readFileSync(specPath, 'utf8')) as SoakLoadSpec;
  const agents = spec.agents.map((_, index) => new AgentClient(spec, index));
  const bots = Array.from({ length: spec.botVisitors }, (_, index) => new VisitorClient(spec, index, 'bot'));
  const humans = Array.from(
    { length: spec.humanVisitors },
    (_, index) => new VisitorClient(spec, spec.botVisitors + index, 'human'),
  );
  await inLanes(agents, CONNECT_CONCURRENCY, (agent) => agent.open());
  await inLanes([...bots, ...humans], CONNECT_CONCURRENCY, (visitor) => visitor.open());
  // About half the agents sit on the other replica than their visitor: their traffic crosses Redis.
  humans.forEach((visitor, index) =>
    owners.set(visitor.conversation, agents[(index + Math.floor(index / 2)) % agents.length]),
  );
  process.stderr.write(`soak-load: ${agents.length} agents and ${bots.length + humans.length} visitors connected\n`);
  process.send?.('ready');
  await once(process, 'message');

  const cpuBefore = process.cpuUsage();
  result.startedAt = Date.now();
  const stopTimer = setTimeout(() => {
    stopping = true;
    result.sendingEndedAt = Date.now();
    stopSignal();
  }, spec.durationMs);
  await Promise.all([...bots.map((visitor) => visitor.runBot()), ...humans.map((visitor) => visitor.runHuman())]);
  clearTimeout(stopTimer);
  // Agents answer what came last; then every human-mode visitor reads what its live delivery missed.
  await sleep(3_000);
  await inLanes(humans, CONNECT_CONCURRENCY, (visitor) => visitor.catchUp());
  result.endedAt = Date.now();
  const cpu = process.cpuUsage(cpuBefore);
  result.clientCpuMs = (cpu.user + cpu.system) / 1000;
  for (const client of [...bots, ...humans, ...agents]) {
    client.close();
  }
  writeFileSync(resultPath, JSON.stringify(result));
  process.send?.('done');
}

const [specPath, resultPath] = process.argv.slice(2);
if (specPath === undefined || resultPath === undefined) {
  process.stderr.write('Usage: soak-load.ts <spec.json> <result.json>\n');
  process.exit(2);
}
main(specPath, resultPath).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`soak-load: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
