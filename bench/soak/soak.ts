/**
 * npm run test:soak — the whole platform under sustained load with the real model answering, optionally
 * with a fault injected while it runs; a checker then reads the database and verifies that no message was
 * lost, duplicated or left unanswered (soak-checker.ts). Exits 1 on any violation.
 *
 * On the external PostgreSQL (a fresh database per run, dropped after it) and Redis of this machine: two
 * replicas of the built conversation service, two inference workers with the bundled model (one per
 * replica), N visitors in bot mode writing every 5-15 s after the bot's answer, M in human mode with K
 * agents answering over the agent socket (soak-load.ts, its own process, plain socket.io-client).
 *
 * Flags (environment in brackets): --visitors N (200) --human M (50) --agents K (10) --minutes X (3)
 *   --fault worker-kill|service-kill|postgres-restart|redis-outage --min-interval S (5) --max-interval S (15)
 *   --database-url URL [DATABASE_URL] --redis-url URL [REDIS_URL] --keep-database
 *   --from-source (run the apps through ts-node instead of dist/, for a machine that has not built them)
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoginResponseDto, UserDto, WorkerListDto } from '@neodesk/contracts';
import { Client } from 'pg';
import {
  CleanupStack,
  NodeChild,
  ROOT,
  adminQuery,
  childEnv,
  freePort,
  sleep,
  withDatabase,
} from '../gateway/bench-processes';
import { quantile } from '../gateway/load-protocol';
import { type CheckerVerdict, checkSoak } from './soak-checker';
import {
  FAULTS,
  type FaultEvent,
  type FaultName,
  injectFaults,
  redisAnswers,
  startPostgres,
  startRedis,
} from './soak-faults';
import type { SoakAgent, SoakLoadResult, SoakLoadSpec } from './soak-protocol';

const ORIGIN = 'https://shop.soak.neodesk.test';
const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const ADMIN_EMAIL = 'admin@neodesk.local';
const START_TIMEOUT_MS = 180_000;
const SAMPLE_EVERY_MS = 5_000;
const PROBE = path.join(__dirname, 'process-probe.cjs');
const MODEL_DIR = path.join(ROOT, 'models/neodesk-support-gpt-neo');

/** A mistake in the flags: reported without a stack. */
class UsageError extends Error {}

interface SoakOptions {
  visitors: number;
  human: number;
  agents: number;
  minutes: number;
  minIntervalS: number;
  maxIntervalS: number;
  fault: FaultName | undefined;
  serverUrl: string;
  redisUrl: string;
  keepDatabase: boolean;
  fromSource: boolean;
}

function parseOptions(argv: string[]): SoakOptions {
  const flags = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (match === null) {
      throw new UsageError(`unexpected argument ${argv[i]} (see the flags at the top of bench/soak/soak.ts)`);
    }
    if (['keep-database', 'from-source'].includes(match[1])) {
      switches.add(match[1]);
      continue;
    }
    const value = match[2] ?? argv[++i];
    if (value === undefined) {
      throw new UsageError(`--${match[1]} needs a value`);
    }
    flags.set(match[1], value);
  }
  const known = ['visitors', 'human', 'agents', 'minutes', 'min-interval', 'max-interval', 'fault'];
  for (const flag of flags.keys()) {
    if (![...known, 'database-url', 'redis-url'].includes(flag)) {
      throw new UsageError(`unknown flag --${flag} (see the flags at the top of bench/soak/soak.ts)`);
    }
  }
  const number = (flag: string, fallback: number, min: number): number => {
    const value = flags.get(flag);
    const parsed = value === undefined ? fallback : Number(value);
    if (!Number.isFinite(parsed) || parsed < min) {
      throw new UsageError(`--${flag} must be a number >= ${min}, got ${value}`);
    }
    return parsed;
  };
  const fault = flags.get('fault');
  if (fault !== undefined && !FAULTS.includes(fault as FaultName)) {
    throw new UsageError(`--fault takes ${FAULTS.join(', ')}; got ${fault}`);
  }
  const options: SoakOptions = {
    visitors: Math.floor(number('visitors', 200, 0)),
    human: Math.floor(number('human', 50, 0)),
    agents: Math.floor(number('agents', 10, 1)),
    minutes: number('minutes', 3, 0.25),
    minIntervalS: number('min-interval', 5, 0.1),
    maxIntervalS: number('max-interval', 15, 0.1),
    fault: fault as FaultName | undefined,
    serverUrl: flags.get('database-url') ?? process.env.DATABASE_URL ?? DEFAULT_SERVER_URL,
    redisUrl: flags.get('redis-url') ?? process.env.REDIS_URL ?? DEFAULT_REDIS_URL,
    keepDatabase: switches.has('keep-database'),
    fromSource: switches.has('from-source'),
  };
  if (options.maxIntervalS < options.minIntervalS) {
    throw new UsageError('--max-interval must not be below --min-interval');
  }
  return options;
}

function log(line: string): void {
  process.stderr.write(`test:soak ${line}\n`);
}

/** How a process of the platform is started: the built file, or its source through ts-node. */
function appArgs(app: 'conversation-service' | 'inference-worker', fromSource: boolean, nodeFlags: string[]): string[] {
  const probe = ['-r', PROBE];
  if (fromSource) {
    const main = path.join(ROOT, `apps/${app}/src/main.ts`);
    return [...nodeFlags, ...probe, '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', main];
  }
  return [...nodeFlags, ...probe, path.join(ROOT, `dist/apps/${app}/src/main.js`)];
}

/** Peak and sampled RSS (from /proc) and event-loop delay (from process-probe.cjs) of one logical process. */
interface ProcessStats {
  name: string;
  peakRssBytes: number;
  restarts: number;
  /** Exits nobody asked for. */
  crashes: number;
  samples: Array<{ t: number; rss: number; p99: number }>;
}

/** A platform process that a fault may kill and the soak restarts under the same name. */
class PlatformProcess {
  child: NodeChild;
  readonly stats: ProcessStats;
  private readonly probeFile: string;
  private stopping = false;
  private killing = false;

  constructor(
    readonly name: string,
    private readonly args: string[],
    private readonly env: Record<string, string>,
    workDir: string,
  ) {
    this.probeFile = path.join(workDir, `${name.replace(/\W+/g, '-')}.probe.jsonl`);
    this.stats = { name, peakRssBytes: 0, restarts: 0, crashes: 0, samples: [] };
    this.child = this.spawn();
  }

  get pid(): number {
    return this.child.pid;
  }

  /** SIGKILL, then the same command again. */
  async killAndRestart(): Promise<void> {
    this.sampleRss();
    const exited = this.child.exited;
    this.killing = true;
    process.kill(this.child.pid, 'SIGKILL');
    await exited;
    this.killing = false;
    this.stats.restarts += 1;
    this.child = this.spawn();
  }

  sampleRss(): void {
    try {
      const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      if (hwm !== null) {
        this.stats.peakRssBytes = Math.max(this.stats.peakRssBytes, Number(hwm[1]) * 1024);
      }
    } catch {
      // Exited between two samples.
    }
  }

  /** The probe's samples (RSS and event-loop delay every 5 s), over every restart. */
  readProbe(): void {
    try {
      this.stats.samples = readFileSync(this.probeFile, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as { t: number; rss: number; p99: number });
    } catch {
      this.stats.samples = [];
    }
  }

  stop(): Promise<void> {
    this.stopping = true;
    this.sampleRss();
    return this.child.stop();
  }

  private spawn(): NodeChild {
    const child = new NodeChild(this.name, this.args, childEnv({ ...this.env, SOAK_PROBE_FILE: this.probeFile }));
    void child.exited.then((code) => {
      if (!this.stopping && this.child === child && !this.killing) {
        this.stats.crashes += 1;
        log(`${this.name} exited by itself (code ${code}); its last output:\n${child.output.slice(-4_000)}`);
      }
    });
    return child;
  }
}

interface Platform {
  services: PlatformProcess[];
  workers: PlatformProcess[];
  ports: number[];
  urls: string[];
  adminToken: string;
  db: Client;
  databaseName: string;
}

async function waitForReady(port: number, proc: PlatformProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!proc.child.running) {
      throw new Error(`${proc.name} exited while starting:\n${proc.child.output}`);
    }
    if (await ready(port)) {
      return;
    }
    await sleep(250);
  }
  throw new Error(`${proc.name} was not ready within ${timeoutMs} ms:\n${proc.child.output}`);
}

async function ready(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2_000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

async function api<T>(url: string, route: string, init: { token?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(`${url}${route}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: {
      'content-type': 'application/json',
      ...(init.token === undefined ? {} : { authorization: `Bearer ${init.token}` }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!response.ok) {
    throw new Error(`${route} answered ${response.status}: ${await response.text()}`);
  }
  return (await response.json()) as T;
}

async function registeredWorkers(platform: Platform): Promise<number> {
  try {
    const list = await api<WorkerListDto>(platform.urls[0], '/api/v1/workers', { token: platform.adminToken });
    return list.data.length;
  } catch {
    return -1;
  }
}

async function startPlatform(options: SoakOptions, workDir: string, cleanup: CleanupStack): Promise<Platform> {
  const databaseName = `neodesk_soak_${process.pid}_${randomBytes(3).toString('hex')}`;
  await adminQuery(options.serverUrl, `CREATE DATABASE ${databaseName}`);
  if (!options.keepDatabase) {
    cleanup.push(`drop database ${databaseName}`, () =>
      adminQuery(options.serverUrl, `DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`),
    );
  }
  const databaseUrl = withDatabase(options.serverUrl, databaseName);
  const adminPassword = randomBytes(16).toString('base64url');
  const workerToken = randomBytes(24).toString('base64url');
  const sessionSecret = randomBytes(32).toString('base64url');
  const ports = [await freePort(), await freePort()];
  const urls = ports.map((port) => `http://127.0.0.1:${port}`);
  const services: PlatformProcess[] = [];
  for (const [index, port] of ports.entries()) {
    const proc = new PlatformProcess(
      `replica ${index}`,
      appArgs('conversation-service', options.fromSource, []),
      {
        DATABASE_URL: databaseUrl,
        REDIS_URL: options.redisUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        SESSION_SECRET: sessionSecret,
        WORKER_TOKEN: workerToken,
        EMBEDDED_WORKER: 'false',
        BOOTSTRAP_ADMIN_PASSWORD: adminPassword,
        BOOTSTRAP_ALLOWED_ORIGINS: ORIGIN,
        LOG_LEVEL: 'warn',
        // The load comes from one loopback address; the per-address limits are for the internet, not this.
        RATE_LIMIT_PER_IP: '1000000',
        RATE_LIMIT_PER_CALLER: '1000000',
        RATE_LIMIT_LOGIN_PER_IP: '10000',
      },
      workDir,
    );
    cleanup.push(`stop ${proc.name}`, () => proc.stop());
    services.push(proc);
    // One at a time: the first applies the migrations and bootstraps the workspace.
    await waitForReady(port, proc, START_TIMEOUT_MS);
    log(`${proc.name} ready on port ${port}`);
  }
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  db.on('error', () => undefined); // A postgres-restart run breaks this connection; the checker opens anew.
  cleanup.push('close the checker connection', () => db.end().catch(() => undefined));
  const login = await api<LoginResponseDto>(urls[0], '/api/v1/auth/login', {
    body: { email: ADMIN_EMAIL, password: adminPassword },
  });
  const workers = [0, 1].map(
    (index) =>
      new PlatformProcess(
        `worker ${index}`,
        appArgs('inference-worker', options.fromSource, ['--single-threaded-gc']),
        {
          SERVICE_URL: urls[index],
          WORKER_TOKEN: workerToken,
          MODEL_DIR,
          INFERENCE_DEVICE: 'cpu',
          INFERENCE_CPU_THREADS: '1',
          INFERENCE_MAX_BATCH: '8',
          LOG_LEVEL: 'warn',
        },
        workDir,
      ),
  );
  for (const worker of workers) {
    cleanup.push(`stop ${worker.name}`, () => worker.stop());
  }
  const platform: Platform = { services, workers, ports, urls, adminToken: login.accessToken, db, databaseName };
  const deadline = Date.now() + START_TIMEOUT_MS;
  while ((await registeredWorkers(platform)) < 2) {
    for (const worker of workers) {
      if (!worker.child.running) {
        throw new Error(`${worker.name} exited while starting:\n${worker.child.output}`);
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`the workers did not register within ${START_TIMEOUT_MS} ms`);
    }
    await sleep(500);
  }
  log('2 workers registered');
  return platform;
}

async function createAgents(platform: Platform, count: number): Promise<SoakAgent[]> {
  const agents: SoakAgent[] = [];
  for (let k = 0; k < count; k++) {
    const email = `soak-agent-${k}@soak.neodesk.test`;
    const password = randomBytes(12).toString('base64url');
    await api<UserDto>(platform.urls[0], '/api/v1/users', {
      token: platform.adminToken,
      body: { email, displayName: `Soak agent ${k}`, password, role: 'agent' },
    });
    const login = await api<LoginResponseDto>(platform.urls[k % 2], '/api/v1/auth/login', {
      body: { email, password },
    });
    agents.push({ userId: login.user.id, token: login.accessToken });
  }
  return agents;
}

/** Every replica ready and both workers registered; the epoch ms when first seen so. */
async function platformWhole(platform: Platform, timeoutMs: number): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const readies = await Promise.all(platform.ports.map((port) => ready(port)));
    if (readies.every(Boolean) && (await registeredWorkers(platform)) >= 2) {
      return Date.now();
    }
    await sleep(250);
  }
  return undefined;
}

async function runLoad(
  spec: SoakLoadSpec,
  workDir: string,
  cleanup: CleanupStack,
  duringLoad: () => Promise<FaultEvent[]>,
): Promise<{ result: SoakLoadResult; faults: FaultEvent[] }> {
  const specPath = path.join(workDir, 'load.spec.json');
  const resultPath = path.join(workDir, 'load.result.json');
  writeFileSync(specPath, JSON.stringify(spec));
  const client = new NodeChild(
    'the soak load client',
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      path.join(__dirname, 'soak-load.ts'),
      specPath,
      resultPath,
    ],
    childEnv({}),
    { ipc: true },
  );
  cleanup.push('stop the load client', () => client.stop());
  await client.nextMessage(); // ready
  log(`load: ${spec.botVisitors} bot-mode and ${spec.humanVisitors} human-mode visitors, ${spec.agents.length} agents`);
  client.send('go');
  const faults = duringLoad();
  await client.nextMessage(); // done
  const code = await client.exited;
  if (code !== 0) {
    throw new Error(`the load client failed (exit ${code}):\n${client.output}`);
  }
  return { result: JSON.parse(readFileSync(resultPath, 'utf8')) as SoakLoadResult, faults: await faults };
}

function ms(values: number[], q: number): string {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? '-' : `${Math.round(quantile(sorted, q))} ms`;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

/** Means of the first and the last window (a minute, or a third of the load when shorter) of the load. */
function trend(
  samples: Array<{ t: number; value: number }>,
  start: number,
  end: number,
): { first: number; last: number } | null {
  const window = Math.min(60_000, (end - start) / 3);
  const mean = (from: number, to: number): number | null => {
    const values = samples.filter((sample) => sample.t > from && sample.t <= to).map((sample) => sample.value);
    return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
  };
  const first = mean(start, start + window);
  const last = mean(end - window, end);
  return first === null || last === null ? null : { first, last };
}

function table(header: string[], rows: string[][]): string {
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

function report(
  options: SoakOptions,
  load: SoakLoadResult,
  verdict: CheckerVerdict,
  processes: ProcessStats[],
  faults: FaultEvent[],
): string {
  const { customer, bot, agent } = load;
  const lines: string[] = [];
  const windowS = ((load.sendingEndedAt - load.startedAt) / 1000).toFixed(0);
  lines.push(
    `Soak: ${options.visitors} bot-mode visitors, ${options.human} human-mode visitors, ${options.agents} agents, ` +
      `${windowS} s of sending (then the last replies drained), 2 replicas, 2 workers (bundled model, CPU, 1 thread ` +
      `each), ${os.cpus().length} cores shared with PostgreSQL, Redis and the load client` +
      `${options.fault === undefined ? '' : `; fault: ${options.fault}`}${options.fromSource ? '; apps run from source (ts-node)' : ''}.`,
    '',
  );
  lines.push(
    table(
      ['customer messages', 'sent', 'acknowledged', 'stored', 'given up', 'retries', 'ack p50', 'ack p99'],
      [
        [
          '',
          String(customer.sent),
          String(customer.acked),
          String(verdict.stored.customer),
          String(customer.unacked),
          String(customer.retries),
          ms(customer.ackMs, 0.5),
          ms(customer.ackMs, 0.99),
        ],
      ],
    ),
    '',
  );
  lines.push(
    table(
      [
        'bot replies',
        'started',
        'completed',
        'fallbacks',
        'handoffs without reply',
        'no answer seen',
        'first token p50',
        'p95',
        'p99',
        'full reply p50',
        'p99',
      ],
      [
        [
          'seen by visitors',
          String(bot.started),
          String(bot.completed),
          String(bot.fallbacks),
          String(bot.handoffs),
          String(bot.timedOut),
          ms(bot.firstTokenMs, 0.5),
          ms(bot.firstTokenMs, 0.95),
          ms(bot.firstTokenMs, 0.99),
          ms(bot.fullReplyMs, 0.5),
          ms(bot.fullReplyMs, 0.99),
        ],
      ],
    ),
    '',
  );
  lines.push(
    `Handoffs by reason (database): ${
      Object.entries(verdict.handoffReasons)
        .map(([reason, n]) => `${reason} ${n}`)
        .join(', ') || 'none'
    }. Widget sessions opened: ${load.sessions}. Socket reconnections: ${load.reconnects}` +
      `${load.reconnectMs.length > 0 ? ` (p99 ${ms(load.reconnectMs, 0.99)})` : ''}.`,
    '',
  );
  lines.push(
    `Agent messages: ${agent.sent} sent, ${agent.acked} acknowledged, ${agent.delivered} delivered to the visitor ` +
      `(${verdict.stored.agent} stored), ${agent.takeovers} takeovers; delivery latency p50 ${ms(agent.deliveryMs, 0.5)}, ` +
      `p99 ${ms(agent.deliveryMs, 0.99)}. Client-side errors (every attempt): ${
        Object.entries({ ...customer.errors, ...prefixed('agent ', agent.errors) })
          .map(([code, n]) => `${code} ${n}`)
          .join(', ') || 'none'
      }.`,
    '',
  );
  const rows = processes.map((stats) => {
    const rss = trend(
      stats.samples.map((s) => ({ t: s.t, value: s.rss })),
      load.startedAt,
      load.sendingEndedAt,
    );
    const delay = trend(
      stats.samples.map((s) => ({ t: s.t, value: s.p99 })),
      load.startedAt,
      load.sendingEndedAt,
    );
    const grows = (t: { first: number; last: number } | null, minDelta: number): string =>
      t === null ? '-' : t.last > t.first * 1.2 && t.last - t.first > minDelta ? 'yes' : 'no';
    return [
      stats.name,
      mb(stats.peakRssBytes),
      rss === null ? '-' : `${mb(rss.first)} → ${mb(rss.last)}`,
      grows(rss, 32 * 1024 * 1024),
      delay === null ? '-' : `${delay.first.toFixed(0)} → ${delay.last.toFixed(0)} ms`,
      grows(delay, 20),
      String(stats.restarts),
      String(stats.crashes),
    ];
  });
  lines.push(
    table(
      [
        'process',
        'peak RSS',
        'RSS first → last window',
        'RSS kept growing',
        'event-loop delay p99 first → last',
        'delay kept growing',
        'restarts',
        'exited by itself',
      ],
      rows,
    ),
    '',
  );
  if (faults.length > 0) {
    lines.push(
      table(
        [
          'fault',
          'at (s into the load)',
          'lifted after',
          'platform whole after lift',
          'first answered message sent after it',
        ],
        faults.map((fault) => {
          const firstAnswer = load.bot.timings
            .filter((timing) => timing.sentAt >= fault.liftedAt)
            .sort((a, b) => a.answeredAt - b.answeredAt)[0];
          return [
            fault.name,
            ((fault.injectedAt - load.startedAt) / 1000).toFixed(1),
            `${fault.liftedAt - fault.injectedAt} ms`,
            fault.platformBackAt === undefined ? 'not within 120 s' : `${fault.platformBackAt - fault.liftedAt} ms`,
            firstAnswer === undefined
              ? 'none'
              : `${firstAnswer.answeredAt - fault.liftedAt} ms (${firstAnswer.outcome})`,
          ];
        }),
      ),
      '',
    );
  }
  lines.push(
    `Checker (database, ${verdict.conversations} conversations): lost ${verdict.lost}, duplicated ${verdict.duplicated}, ` +
      `unanswered ${verdict.unanswered}, sequence gaps ${verdict.seqGaps}, bot messages after a takeover or handoff ` +
      `${verdict.botAfterTakeover}; bot-mode turns ${verdict.botTurns.total}: ${verdict.botTurns.replied} replied, ` +
      `${verdict.botTurns.fallback} fallback + handoff, ${verdict.botTurns.handedOver} handed over without a reply due.`,
  );
  if (customer.acked !== customer.sent || verdict.stored.customer !== customer.acked) {
    lines.push(
      `Note: sent, acknowledged and stored differ (${customer.sent} / ${customer.acked} / ${verdict.stored.customer}).`,
    );
  }
  for (const example of verdict.examples) {
    lines.push(`  violation ${example.rule}: conversation ${example.conversationId}: ${example.detail}`);
  }
  lines.push(
    verdict.violations.length === 0
      ? 'Verdict: PASS (0 lost, 0 duplicated, 0 unanswered).'
      : `Verdict: FAIL (${verdict.violations.length} violations).`,
  );
  return lines.join('\n');
}

function prefixed(prefix: string, record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [`${prefix}${key}`, value]));
}

async function main(cleanup: CleanupStack): Promise<boolean> {
  const options = parseOptions(process.argv.slice(2));
  if (!options.fromSource && !existsSync(path.join(ROOT, 'dist/apps/conversation-service/src/main.js'))) {
    throw new UsageError('dist/ is missing: run `npm run build` first (npm run test:soak does), or pass --from-source');
  }
  if (new URL(options.redisUrl).hostname === '127.0.0.1' && !(await redisAnswers())) {
    throw new UsageError(`Redis does not answer at ${options.redisUrl}: start redis-server first`);
  }
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'neodesk-soak-'));
  cleanup.push('remove the work folder', () => Promise.resolve(rmSync(workDir, { recursive: true, force: true })));
  const platform = await startPlatform(options, workDir, cleanup);
  // A run that fails mid-outage must not leave the server stopped (pushed last: runs first, before the drop).
  if (options.fault === 'redis-outage') {
    cleanup.push('start Redis again', () => startRedis());
  }
  if (options.fault === 'postgres-restart') {
    cleanup.push('start PostgreSQL again', () => startPostgres());
  }
  const all = [...platform.services, ...platform.workers];
  const sampler = setInterval(() => all.forEach((proc) => proc.sampleRss()), SAMPLE_EVERY_MS);
  cleanup.push('stop sampling', () => Promise.resolve(clearInterval(sampler)));
  const agents = await createAgents(platform, options.agents);
  const {
    rows: [workspace],
  } = await platform.db.query<{ widget_key: string }>('SELECT widget_key FROM workspaces LIMIT 1');
  const durationMs = Math.round(options.minutes * 60_000);
  const spec: SoakLoadSpec = {
    urls: platform.urls,
    origin: ORIGIN,
    widgetKey: workspace.widget_key,
    runId: `soak-${randomBytes(4).toString('hex')}`,
    botVisitors: options.visitors,
    humanVisitors: options.human,
    agents,
    durationMs,
    minIntervalMs: Math.round(options.minIntervalS * 1000),
    maxIntervalMs: Math.round(options.maxIntervalS * 1000),
    replyTimeoutMs: 150_000,
    ackDeadlineMs: 120_000,
  };
  const fault = options.fault;
  const { result, faults } = await runLoad(spec, workDir, cleanup, () =>
    fault === undefined
      ? Promise.resolve([])
      : injectFaults(
          fault,
          {
            killWorker: (index) => platform.workers[index].killAndRestart(),
            killService: async (index) => {
              await platform.services[index].killAndRestart();
              await waitForReady(platform.ports[index], platform.services[index], START_TIMEOUT_MS);
            },
            whole: (timeoutMs) => platformWhole(platform, timeoutMs),
          },
          durationMs,
          log,
        ),
  );
  log('load done; checking the database');
  const checkDb = new Client({ connectionString: withDatabase(options.serverUrl, platform.databaseName) });
  await checkDb.connect();
  let verdict: CheckerVerdict;
  try {
    verdict = await checkSoak(checkDb, { conversations: result.conversations, acked: result.acked });
  } finally {
    await checkDb.end();
  }
  clearInterval(sampler);
  for (const proc of all) {
    proc.sampleRss();
    proc.readProbe();
  }
  await cleanup.runAll();
  process.stdout.write(
    `\n${report(
      options,
      result,
      verdict,
      all.map((proc) => proc.stats),
      faults,
    )}\n`,
  );
  const crashed = all.filter((proc) => proc.stats.crashes > 0).map((proc) => proc.name);
  if (crashed.length > 0) {
    process.stdout.write(`FAIL: ${crashed.join(', ')} exited by itself during the run (its output is above).\n`);
  }
  return verdict.violations.length === 0 && crashed.length === 0;
}

const cleanup = new CleanupStack();
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    log(`${signal}: stopping the platform and dropping the database`);
    void cleanup.runAll().finally(() => process.exit(130));
  });
}
main(cleanup).then(
  (passed) => process.exit(passed ? 0 : 1),
  async (error: unknown) => {
    await cleanup.runAll();
    if (interrupted) {
      return;
    }
    const detail = error instanceof UsageError ? error.message : error instanceof Error ? error.stack : String(error);
    process.stderr.write(`test:soak failed: ${detail ?? String(error)}\n`);
    process.exit(1);
  },
);
