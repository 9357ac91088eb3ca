/**
 * npm run bench:grounded — knowledge-grounded bot replies under load, on the embedded default as `npm start`
 * runs it: no DATABASE_URL (PGlite in a fresh temporary DATA_DIR), the built conversation service as its own
 * process with the inference worker it starts itself (the bundled model, whichever is in models/), and the
 * default workspace seeded with the sample knowledge base (Fernwood Outfitters).
 *
 * Phase 1: N visitors in bot mode (socket.io-client on /visitor), each asking a question about the shop,
 * waiting for the reply to end, pausing 1-3 s and asking again (a handed-over visitor starts a new
 * conversation). Prints replies completed, fallbacks, handoffs by reason (GET /api/v1/reports/conversations),
 * replies that failed because the model produced no text (the service's log lines, and bot messages with
 * empty text through REST) and the time to first token as the visitor sees it (message:send ack -> first
 * bot:reply:delta with text), p50/p95.
 * Phase 2: C visitors asking in a loop, first with the sample articles published (retrieval on), then with
 * every article set to draft through the REST API as the admin (no passages to send): time to first token
 * p50/p95 in both and the ratio of the medians (target <= 1.2). Also printed: how many of the questions find
 * a passage (POST /api/v1/knowledge/search; 0 is checked after drafting) and how many stored replies name a
 * source article (only replies that share content with a passage do, so it depends on the model).
 * The per-address rate limits are raised (every visitor comes from 127.0.0.1); nothing else differs from
 * `npm start`.
 *
 * Flags: --visitors N (60) --seconds S (120) --concurrency C (8) --phase-seconds S (45)
 *   --skip-phase1 --skip-phase2
 * Exits 1 if any reply failed with no text, or if a phase completed no reply at all.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {
  Ack,
  ConversationReportDto,
  HandoffReason,
  KnowledgeArticleListDto,
  KnowledgeSearchResultDto,
  LoginResponseDto,
  MessageDto,
  MessagePageDto,
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
  WidgetSessionDto,
  WorkerListDto,
  WorkspaceSettingsDto,
} from '@neodesk/contracts';
import { type Socket, io } from 'socket.io-client';
import { CleanupStack, ROOT, childEnv, freePort, sleep } from '../gateway/bench-processes';
import { quantile } from '../gateway/load-protocol';

type VisitorSocket = Socket<VisitorServerToClientEvents, VisitorClientToServerEvents>;

const SERVICE_MAIN = path.join(ROOT, 'dist/apps/conversation-service/src/main.js');
const WORKER_MAIN = path.join(ROOT, 'dist/apps/inference-worker/src/main.js');
const ADMIN_EMAIL = 'admin@neodesk.local';
const NO_TEXT_LOG = 'the model produced no text';
const LISTENING_LOG = 'Conversation service listening';
const START_TIMEOUT_MS = 180_000;
const EMIT_TIMEOUT_MS = 15_000;
const CONNECT_TIMEOUT_MS = 15_000;
/** The service gives up on a reply after BOT_REPLY_TIMEOUT_MS (120 s) plus the wait for a worker (15 s). */
const REPLY_TIMEOUT_MS = 150_000;
/** After the status leaves 'bot', how long the visitor still waits for the reply or fallback that goes with it. */
const HANDOFF_GRACE_MS = 3_000;
const MIN_PAUSE_MS = 1_000;
const MAX_PAUSE_MS = 3_000;
const TTFT_RATIO_TARGET = 1.2;

/**
 * What customers of the sample shop ask: orders, shipping, delivery times, returns, refunds, payment,
 * opening hours, account, gift cards, discount codes, a few off-topic and polite messages. Written apart
 * from the training generator's templates; none is repeated within a conversation (a repeat hands over).
 */
const QUESTIONS = [
  'Hi, where is my order? I ordered last Tuesday and nothing arrived yet.',
  'How can I track my parcel?',
  'My tracking number has not updated for a week, what should I do?',
  'What does the order number look like?',
  'Can I still cancel the order I placed 20 minutes ago?',
  'I need to change the delivery address on my order, is that possible?',
  'Do you ship to Switzerland?',
  'Do you deliver to the UK?',
  'Can I get my order shipped to Canada?',
  'Do you ship to Spain?',
  'How long does delivery to Austria take?',
  'how long till my stuff arrives in germany',
  'If I order today, when will it leave the warehouse?',
  'Is there express delivery?',
  'How much is shipping to France?',
  'From what amount is shipping free?',
  'What is your return policy?',
  'How many days do I have to send something back?',
  'Are returns free from Germany?',
  'Can I exchange a jacket for a different size?',
  'Can I return a gift card?',
  'When do I get my refund?',
  'I returned my boots two weeks ago, where is my money?',
  'Do you refund the shipping costs?',
  'Which payment methods do you accept?',
  'Can I pay with PayPal?',
  'Do you take Apple Pay?',
  'Can I pay cash on delivery?',
  'Is Klarna available? Can I pay in instalments?',
  'What are your opening hours?',
  'Are you open on Saturday?',
  'What is your phone number?',
  'How do I reset my password?',
  'How can I delete my account?',
  'How long is a gift card valid?',
  'How do I check my gift card balance?',
  'My discount code does not work, why?',
  'Can I use two discount codes on one order?',
  'Can you recommend a good pizza place in Berlin?',
  "What's the weather going to be like tomorrow?",
  'Thanks a lot, you have been very helpful!',
  'Hello there, hope you are having a nice day :)',
];

/** A mistake in the flags: reported without a stack. */
class UsageError extends Error {}

interface Options {
  visitors: number;
  seconds: number;
  concurrency: number;
  phaseSeconds: number;
  phase1: boolean;
  phase2: boolean;
}

function parseOptions(argv: string[]): Options {
  const flags = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([a-z0-9-]+)(?:=(.*))?$/.exec(argv[i]);
    if (match === null) {
      throw new UsageError(
        `unexpected argument ${argv[i]} (see the flags at the top of bench/knowledge/bench-grounded.ts)`,
      );
    }
    if (['skip-phase1', 'skip-phase2'].includes(match[1])) {
      switches.add(match[1]);
      continue;
    }
    if (!['visitors', 'seconds', 'concurrency', 'phase-seconds'].includes(match[1])) {
      throw new UsageError(
        `unknown flag --${match[1]} (see the flags at the top of bench/knowledge/bench-grounded.ts)`,
      );
    }
    const value = match[2] ?? argv[++i];
    if (value === undefined) {
      throw new UsageError(`--${match[1]} needs a value`);
    }
    flags.set(match[1], value);
  }
  const integer = (flag: string, fallback: number, min: number, max: number): number => {
    const value = flags.get(flag);
    const parsed = value === undefined ? fallback : Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      throw new UsageError(`--${flag} must be a whole number from ${min} to ${max}, got ${value}`);
    }
    return parsed;
  };
  const options: Options = {
    visitors: integer('visitors', 60, 1, 2_000),
    seconds: integer('seconds', 120, 5, 86_400),
    concurrency: integer('concurrency', 8, 1, 500),
    phaseSeconds: integer('phase-seconds', 45, 5, 86_400),
    phase1: !switches.has('skip-phase1'),
    phase2: !switches.has('skip-phase2'),
  };
  if (!options.phase1 && !options.phase2) {
    throw new UsageError('--skip-phase1 and --skip-phase2 together leave nothing to run');
  }
  return options;
}

function log(line: string): void {
  process.stderr.write(`bench:grounded ${line}\n`);
}

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/**
 * The built service as `npm start` runs it, with the worker it starts itself: their output (the worker
 * inherits the service's stdout and stderr) is scanned line by line, and only its tail is kept.
 */
class ServiceUnderTest {
  noTextLines = 0;
  /** Whether the service's own log lines come through this scan (its "listening" line was seen). */
  sawLog = false;
  private tail = '';
  private partial = '';
  private readonly child: ChildProcess;
  readonly exited: Promise<number | null>;

  constructor(env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [SERVICE_MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const scan = (chunk: Buffer): void => {
      const text = this.partial + chunk.toString();
      const lines = text.split('\n');
      this.partial = lines.pop() ?? '';
      for (const line of lines) {
        if (line.includes(NO_TEXT_LOG)) {
          this.noTextLines += 1;
        }
        if (line.includes(LISTENING_LOG)) {
          this.sawLog = true;
        }
      }
      this.tail = (this.tail + chunk.toString()).slice(-20_000);
    };
    this.child.stdout?.on('data', scan);
    this.child.stderr?.on('data', scan);
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last lines, without the first-start banner (it holds the admin's sign-in). */
  get output(): string {
    return this.tail
      .split('\n')
      .filter((line) => !/Password:|E-mail:|Widget key/.test(line))
      .join('\n');
  }

  /** SIGTERM (the service stops its worker first), then SIGKILL after 40 s. */
  async stop(): Promise<void> {
    if (!this.running) {
      return;
    }
    this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 40_000);
    await this.exited;
    clearTimeout(killer);
  }
}

class Api {
  token = '';

  constructor(readonly url: string) {}

  async call<T>(method: string, route: string, body?: unknown, origin?: string): Promise<T> {
    const response = await fetch(`${this.url}${route}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(this.token === '' ? {} : { authorization: `Bearer ${this.token}` }),
        ...(origin === undefined ? {} : { origin }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok) {
      throw new Error(`${method} ${route.replace(/\?.*/, '')} answered ${response.status}: ${await response.text()}`);
    }
    return (response.status === 204 ? undefined : await response.json()) as T;
  }
}

interface PhaseResult {
  name: string;
  visitors: number;
  seconds: number;
  startedAt: number;
  endedAt: number;
  asked: number;
  ackFailures: Record<string, number>;
  replies: number;
  fallbacks: number;
  /** Answers that were neither a reply nor a fallback: the conversation went to a person first. */
  handoffs: number;
  timeouts: number;
  /** bot:reply:end outcomes. */
  outcomes: Record<string, number>;
  /** message:send ack -> first bot:reply:delta with text. */
  ttftMs: number[];
  /** Replies whose first delta came before the ack (counted as 0 ms). */
  deltaBeforeAck: number;
  /** Stored bot messages with no visible text, as the visitor received them. */
  emptyLive: number;
  conversations: string[];
  noTextLines: number;
}

interface Pending {
  seq: number | null;
  ackAt: number | null;
  firstDeltaAt: number | null;
  settle: (outcome: 'reply' | 'fallback' | 'handoff') => void;
}

/** One visitor of a phase: asks, waits for the answer, pauses, asks again, until the phase ends. */
class Visitor {
  private socket: VisitorSocket | undefined;
  private conversationId = '';
  private status = 'bot';
  private questions: string[] = [];
  private asked = 0;
  private pending: Pending | undefined;
  private handoffTimer: NodeJS.Timeout | undefined;
  /** Answers by seq in the current conversation, matched to the question they follow once its seq is known. */
  private readonly answers = new Map<number, 'reply' | 'fallback'>();

  constructor(
    private readonly api: Api,
    private readonly site: { widgetKey: string; origin: string },
    private readonly result: PhaseResult,
    private readonly index: number,
    private readonly runId: string,
  ) {}

  async run(deadline: number): Promise<void> {
    try {
      while (Date.now() < deadline) {
        if (this.socket === undefined || this.status !== 'bot' || this.questions.length === 0) {
          await this.open();
        }
        await this.askOne(this.questions.pop() ?? 'Hello?');
        if (Date.now() < deadline) {
          await sleep(randomInt(MIN_PAUSE_MS, MAX_PAUSE_MS + 1));
        }
      }
    } finally {
      this.socket?.disconnect();
    }
  }

  private async open(): Promise<void> {
    this.socket?.disconnect();
    this.socket = undefined;
    const session = await this.api.call<WidgetSessionDto>(
      'POST',
      '/api/v1/widget/sessions',
      { widgetKey: this.site.widgetKey },
      this.site.origin,
    );
    this.conversationId = session.conversation.id;
    this.status = session.conversation.status;
    this.questions = shuffled(QUESTIONS);
    this.answers.clear();
    this.result.conversations.push(this.conversationId);
    const socket: VisitorSocket = io(`${this.api.url}/visitor`, {
      transports: ['websocket'],
      auth: { widgetKey: this.site.widgetKey, visitorToken: session.visitorToken },
      extraHeaders: { origin: this.site.origin },
      reconnection: false,
      forceNew: true,
      timeout: CONNECT_TIMEOUT_MS,
    });
    await new Promise<void>((resolve, reject) => {
      const untyped = socket as unknown as Socket;
      const timer = setTimeout(() => reject(new Error('no session:ready in time')), CONNECT_TIMEOUT_MS);
      untyped.once('session:ready', () => {
        clearTimeout(timer);
        resolve();
      });
      untyped.once('connect_error', (error: Error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    this.attach(socket);
    this.socket = socket;
  }

  private attach(socket: VisitorSocket): void {
    const conversationId = this.conversationId;
    socket.on('message:new', (message) => {
      if (message.conversationId !== conversationId) {
        return;
      }
      if (message.author === 'bot') {
        if (message.text.trim().length === 0) {
          this.result.emptyLive += 1;
        }
        this.answers.set(message.seq, 'reply');
      } else if (message.author === 'system' && (message.clientMessageId ?? '').startsWith('bot-fallback:')) {
        this.answers.set(message.seq, 'fallback');
      }
      this.recheck();
    });
    socket.on('bot:reply:delta', (event) => {
      const pending = this.pending;
      if (event.conversationId === conversationId && event.text.length > 0 && pending?.firstDeltaAt === null) {
        pending.firstDeltaAt = Date.now();
      }
    });
    socket.on('bot:reply:end', (event) => {
      if (event.conversationId === conversationId) {
        this.result.outcomes[event.outcome] = (this.result.outcomes[event.outcome] ?? 0) + 1;
      }
    });
    socket.on('conversation:status', (event) => {
      if (event.conversationId !== conversationId) {
        return;
      }
      this.status = event.status;
      const pending = this.pending;
      if (event.status !== 'bot' && pending !== undefined) {
        clearTimeout(this.handoffTimer);
        this.handoffTimer = setTimeout(() => pending.settle('handoff'), HANDOFF_GRACE_MS);
      }
    });
  }

  private recheck(): void {
    const pending = this.pending;
    if (pending === undefined || pending.seq === null) {
      return;
    }
    for (const [seq, kind] of this.answers) {
      if (seq > pending.seq) {
        pending.settle(kind);
        return;
      }
    }
  }

  private async askOne(text: string): Promise<void> {
    const socket = this.socket;
    if (socket === undefined) {
      return;
    }
    this.asked += 1;
    this.result.asked += 1;
    let settle: Pending['settle'] = () => undefined;
    const answered = new Promise<'reply' | 'fallback' | 'handoff'>((resolve) => (settle = resolve));
    const pending: Pending = { seq: null, ackAt: null, firstDeltaAt: null, settle };
    this.pending = pending;
    let ack: Ack<MessageDto>;
    try {
      ack = (await socket.timeout(EMIT_TIMEOUT_MS).emitWithAck('message:send', {
        conversationId: this.conversationId,
        clientMessageId: `${this.runId}-${this.result.name.replace(/\W+/g, '-')}-v${this.index}-${this.asked}`,
        text,
      })) as Ack<MessageDto>;
    } catch {
      ack = { ok: false, error: { code: 'TIMEOUT', message: 'no ack in time' } } as unknown as Ack<MessageDto>;
    }
    if (!ack.ok) {
      const code = ack.error.code;
      this.result.ackFailures[code] = (this.result.ackFailures[code] ?? 0) + 1;
      this.pending = undefined;
      this.socket = undefined;
      socket.disconnect();
      return;
    }
    pending.ackAt = Date.now();
    pending.seq = ack.data.seq;
    this.recheck();
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      answered,
      new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), REPLY_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    clearTimeout(this.handoffTimer);
    this.pending = undefined;
    switch (outcome) {
      case 'reply':
        this.result.replies += 1;
        break;
      case 'fallback':
        this.result.fallbacks += 1;
        break;
      case 'handoff':
        this.result.handoffs += 1;
        break;
      case 'timeout':
        this.result.timeouts += 1;
        this.status = 'timed_out';
        return;
    }
    if (pending.firstDeltaAt !== null) {
      if (pending.firstDeltaAt < pending.ackAt) {
        this.result.deltaBeforeAck += 1;
      }
      this.result.ttftMs.push(Math.max(0, pending.firstDeltaAt - pending.ackAt));
    }
    if (outcome !== 'reply') {
      // The conversation is a person's now: the next question starts a new one.
      this.status = 'waiting_human';
    }
  }
}

async function runPhase(
  name: string,
  visitors: number,
  seconds: number,
  api: Api,
  site: { widgetKey: string; origin: string },
  service: ServiceUnderTest,
  runId: string,
): Promise<PhaseResult> {
  const result: PhaseResult = {
    name,
    visitors,
    seconds,
    startedAt: Date.now(),
    endedAt: 0,
    asked: 0,
    ackFailures: {},
    replies: 0,
    fallbacks: 0,
    handoffs: 0,
    timeouts: 0,
    outcomes: {},
    ttftMs: [],
    deltaBeforeAck: 0,
    emptyLive: 0,
    conversations: [],
    noTextLines: 0,
  };
  const linesBefore = service.noTextLines;
  log(`${name}: ${visitors} visitors for ${seconds} s`);
  const deadline = result.startedAt + seconds * 1000;
  // Visitors arrive over the first few seconds, not all in the same millisecond.
  const spread = Math.min(5_000, (seconds * 1000) / 4);
  const runs = Array.from({ length: visitors }, async (_, index) => {
    await sleep(Math.floor((spread * index) / visitors));
    const visitor = new Visitor(api, site, result, index, runId);
    for (;;) {
      try {
        await visitor.run(deadline);
        return;
      } catch (error) {
        result.ackFailures.SESSION_FAILED = (result.ackFailures.SESSION_FAILED ?? 0) + 1;
        log(`${name}: visitor ${index}: ${(error as Error).message}`);
        if (Date.now() >= deadline || !service.running) {
          return;
        }
        await sleep(1_000);
      }
    }
  });
  const ticker = setInterval(
    () => log(`${name}: ${Math.round((Date.now() - result.startedAt) / 1000)} s, ${result.replies} replies`),
    15_000,
  );
  await Promise.all(runs);
  clearInterval(ticker);
  result.endedAt = Date.now();
  // A reply that failed for want of text is logged before its fallback reaches the visitor.
  result.noTextLines = service.noTextLines - linesBefore;
  return result;
}

interface StoredCheck {
  botMessages: number;
  emptyBotMessages: number;
  /** Stored bot replies that name a knowledge-base article as their source. */
  withSources: number;
  handoffReasons: Partial<Record<HandoffReason, number>>;
  handedOff: number;
}

/** The stored side of a phase: its conversations' bot messages, and its handoffs by reason from the report. */
async function storedCheck(api: Api, phase: PhaseResult): Promise<StoredCheck> {
  let botMessages = 0;
  let emptyBotMessages = 0;
  let withSources = 0;
  for (const id of new Set(phase.conversations)) {
    let afterSeq = 0;
    for (;;) {
      const page = await api.call<MessagePageDto>(
        'GET',
        `/api/v1/conversations/${id}/messages?afterSeq=${afterSeq}&limit=500`,
      );
      for (const message of page.data) {
        if (message.author === 'bot') {
          botMessages += 1;
          if (message.text.trim().length === 0) {
            emptyBotMessages += 1;
          }
          if (message.sources.length > 0) {
            withSources += 1;
          }
        }
        afterSeq = Math.max(afterSeq, message.seq);
      }
      if (page.data.length < 500) {
        break;
      }
    }
  }
  const from = new Date(phase.startedAt - 1_000).toISOString();
  const to = new Date(phase.endedAt + 1_000).toISOString();
  const report = await api.call<ConversationReportDto>(
    'GET',
    `/api/v1/reports/conversations?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&groupBy=day`,
  );
  const handoffReasons = Object.fromEntries(
    Object.entries(report.totals.handoffReasons).filter(([, count]) => count > 0),
  ) as Partial<Record<HandoffReason, number>>;
  return { botMessages, emptyBotMessages, withSources, handoffReasons, handedOff: report.totals.handedOff };
}

function ms(value: number): string {
  return Number.isNaN(value) ? 'n/a' : `${Math.round(value)} ms`;
}

function ttft(result: PhaseResult): { p50: number; p95: number } {
  const sorted = [...result.ttftMs].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) };
}

function printPhase(result: PhaseResult, stored: StoredCheck): void {
  const { p50, p95 } = ttft(result);
  const seconds = (result.endedAt - result.startedAt) / 1000;
  const reasons = Object.entries(stored.handoffReasons)
    .map(([reason, count]) => `${reason} ${count}`)
    .join(', ');
  const outcomes = Object.entries(result.outcomes)
    .map(([outcome, count]) => `${outcome} ${count}`)
    .join(', ');
  const failures = Object.entries(result.ackFailures)
    .map(([code, count]) => `${code} ${count}`)
    .join(', ');
  console.log(
    `${result.name}: ${result.visitors} visitors, ${result.seconds} s of asking (${seconds.toFixed(1)} s with the last replies)`,
  );
  console.log(`  questions asked: ${result.asked}${failures === '' ? '' : ` (not accepted: ${failures})`}`);
  console.log(
    `  replies completed: ${result.replies} (stored bot replies naming a source article: ${stored.withSources})`,
  );
  console.log(`  fallbacks: ${result.fallbacks}`);
  console.log(`  handed over without a reply or fallback: ${result.handoffs}; timed out: ${result.timeouts}`);
  console.log(`  bot:reply:end outcomes: ${outcomes === '' ? 'none' : outcomes}`);
  console.log(
    `  conversations: ${new Set(result.conversations).size}, handed off: ${stored.handedOff} (${reasons === '' ? 'no handoff' : reasons})`,
  );
  console.log(`  failed with no text: ${result.noTextLines} ("${NO_TEXT_LOG}" log lines)`);
  console.log(
    `  bot messages with empty text: ${stored.emptyBotMessages} of ${stored.botMessages} stored (REST), ${result.emptyLive} received live`,
  );
  console.log(
    `  TTFT (message:send ack -> first bot:reply:delta): p50 ${ms(p50)}, p95 ${ms(p95)} over ${result.ttftMs.length} streamed replies` +
      (result.deltaBeforeAck > 0 ? ` (${result.deltaBeforeAck} deltas came before the ack, counted as 0 ms)` : ''),
  );
}

async function waitForPlatform(api: Api, service: ServiceUnderTest, password: string): Promise<WorkerListDto> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!service.running) {
      throw new Error(`the service exited while starting:\n${service.output}`);
    }
    try {
      if (api.token === '') {
        const health = await fetch(`${api.url}/health`, { signal: AbortSignal.timeout(2_000) });
        if (health.status === 200) {
          const login = await api.call<LoginResponseDto>('POST', '/api/v1/auth/login', {
            email: ADMIN_EMAIL,
            password,
          });
          api.token = login.accessToken;
        }
      } else {
        const workers = await api.call<WorkerListDto>('GET', '/api/v1/workers');
        if (workers.data.length > 0) {
          return workers;
        }
      }
    } catch {
      // Not listening, or the worker not registered yet.
    }
    await sleep(500);
  }
  throw new Error(`the service and its worker were not ready within ${START_TIMEOUT_MS} ms:\n${service.output}`);
}

/** How many of the questions find at least one passage (POST /api/v1/knowledge/search, published articles). */
async function questionsWithPassages(api: Api): Promise<number> {
  let found = 0;
  for (const query of QUESTIONS) {
    const result = await api.call<KnowledgeSearchResultDto>('POST', '/api/v1/knowledge/search', { query, limit: 3 });
    found += result.data.length > 0 ? 1 : 0;
  }
  return found;
}

async function setArticles(api: Api, status: 'published' | 'draft'): Promise<number> {
  const list = await api.call<KnowledgeArticleListDto>('GET', '/api/v1/knowledge/articles');
  let changed = 0;
  for (const article of list.data) {
    if (article.status !== status) {
      await api.call('PATCH', `/api/v1/knowledge/articles/${article.id}`, { status });
      changed += 1;
    }
  }
  return changed;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  for (const file of [SERVICE_MAIN, WORKER_MAIN]) {
    if (!existsSync(file)) {
      throw new UsageError(`${path.relative(ROOT, file)} is missing: build first (npm run bench:grounded does)`);
    }
  }
  const cleanup = new CleanupStack();
  const onSignal = (): void => {
    void cleanup.runAll().then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'neodesk-bench-grounded-'));
    cleanup.push('remove the data dir', () => {
      rmSync(dataDir, { recursive: true, force: true });
      return Promise.resolve();
    });
    const port = await freePort();
    const password = randomBytes(18).toString('base64url');
    const env = childEnv({
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      BOOTSTRAP_ADMIN_PASSWORD: password,
      LOG_LEVEL: 'info',
      // Every visitor comes from 127.0.0.1 here: the per-address limit is for the internet, not this bench.
      RATE_LIMIT_PER_IP: '1000000',
      RATE_LIMIT_PER_CALLER: '1000000',
    });
    for (const name of ['TS_NODE_PROJECT', 'LOG_FILE', 'WORKER_TOKEN', 'EMBEDDED_WORKER', 'PUBLIC_URL']) {
      delete env[name];
    }
    log(`starting the built service on the embedded database (data dir ${dataDir}) with its own worker`);
    const service = new ServiceUnderTest(env);
    cleanup.push('stop the service', () => service.stop());
    const api = new Api(`http://127.0.0.1:${port}`);
    const workers = await waitForPlatform(api, service, password);
    if (!service.sawLog) {
      throw new Error(`the service's log lines do not come through stdout, so "${NO_TEXT_LOG}" cannot be counted`);
    }
    const worker = workers.data[0];
    const workspace = await api.call<WorkspaceSettingsDto>('GET', '/api/v1/workspace');
    const articles = await api.call<KnowledgeArticleListDto>('GET', '/api/v1/knowledge/articles');
    const published = articles.data.filter((article) => article.status === 'published').length;
    if (published === 0) {
      throw new Error('the default workspace has no published article: the sample knowledge base was not seeded');
    }
    const site = { widgetKey: workspace.widgetKey, origin: workspace.allowedOrigins[0] ?? api.url };
    const runId = randomBytes(4).toString('hex');
    console.log(
      `bench:grounded: embedded PGlite, 1 service + its embedded worker (model ${worker.modelId} ${worker.modelVersion}, ` +
        `${worker.provider}, ${worker.decoder} decoder), ${os.cpus().length} CPUs; ` +
        `${published} published sample articles, ${QUESTIONS.length} questions, pause ${MIN_PAUSE_MS / 1000}-${MAX_PAUSE_MS / 1000} s`,
    );

    console.log(
      `retrieval: ${await questionsWithPassages(api)} of ${QUESTIONS.length} questions find a passage in the sample articles`,
    );
    let failed = false;
    const rows: string[] = [];
    let emptyStored = 0;
    const row = (result: PhaseResult, stored: StoredCheck): string => {
      const { p50, p95 } = ttft(result);
      const reasons = Object.entries(stored.handoffReasons)
        .map(([reason, count]) => `${reason} ${count}`)
        .join(', ');
      return `| ${result.name} | ${result.visitors} | ${result.seconds} | ${result.replies} | ${result.fallbacks} | ${reasons === '' ? '0' : reasons} | ${result.noTextLines} / ${stored.emptyBotMessages} | ${ms(p50)} | ${ms(p95)} |`;
    };
    const finish = async (result: PhaseResult): Promise<void> => {
      const stored = await storedCheck(api, result);
      printPhase(result, stored);
      rows.push(row(result, stored));
      emptyStored += stored.emptyBotMessages;
      if (result.replies === 0) {
        console.log(`  ${result.name} completed no reply`);
        failed = true;
      }
    };

    if (options.phase1) {
      await finish(await runPhase('phase 1', options.visitors, options.seconds, api, site, service, runId));
    }
    let ratio: number | undefined;
    if (options.phase2) {
      const on = await runPhase(
        'phase 2, retrieval on',
        options.concurrency,
        options.phaseSeconds,
        api,
        site,
        service,
        runId,
      );
      await finish(on);
      const drafted = await setArticles(api, 'draft');
      const left = await questionsWithPassages(api);
      if (left > 0) {
        throw new Error(`${left} questions still find a passage after setting every article to draft`);
      }
      console.log(`phase 2: ${drafted} articles set to draft; 0 of ${QUESTIONS.length} questions find a passage`);
      const off = await runPhase(
        'phase 2, retrieval off',
        options.concurrency,
        options.phaseSeconds,
        api,
        site,
        service,
        runId,
      );
      await finish(off);
      ratio = ttft(on).p50 / ttft(off).p50;
      console.log(
        `phase 2: TTFT median with retrieval / without: ${Number.isFinite(ratio) ? ratio.toFixed(2) : 'n/a'} ` +
          `(target <= ${TTFT_RATIO_TARGET}: ${Number.isFinite(ratio) && ratio <= TTFT_RATIO_TARGET ? 'met' : 'missed'})`,
      );
    }
    const logTotal = service.noTextLines;
    console.log(`replies that failed with no text, whole run: ${logTotal} log lines`);
    console.log('');
    console.log(
      '| phase | visitors | s | replies | fallbacks | handoffs by reason | no text (log / stored) | TTFT p50 | TTFT p95 |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const line of rows) {
      console.log(line);
    }
    if (ratio !== undefined) {
      console.log(
        `| TTFT median ratio, on / off | | | | | | | ${Number.isFinite(ratio) ? ratio.toFixed(2) : 'n/a'} | target <= ${TTFT_RATIO_TARGET} |`,
      );
    }
    if (logTotal > 0 || emptyStored > 0) {
      console.log(`FAIL: ${logTotal} replies failed with no text, ${emptyStored} bot messages stored with no text`);
      failed = true;
    }
    return failed ? 1 : 0;
  } finally {
    await cleanup.runAll();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `bench:grounded: ${error instanceof UsageError ? error.message : ((error as Error).stack ?? String(error))}\n`,
    );
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
