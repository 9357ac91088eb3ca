/**
 * npm run bench:gateway — the websocket gateway's message path under load, side by side with its floor:
 *   ours:  the built conversation service (`node dist/apps/conversation-service/src/main.js`) on a fresh
 *          PostgreSQL database; visitors get sessions from POST /api/v1/widget/sessions and their
 *          conversations are in human mode, so no model is involved;
 *   floor: bench/gateway/floor-server.ts, bare socket.io + pg, one statement per message (same schema).
 * Loads:  (1) throughput: 200 visitors each sending 20 messages back to back (each after the previous ack);
 *         (2) latency: 1,000 connected visitors each sending a message every 2 to 5 s (uniform) for 60 s.
 * The load client runs in its own process; one server runs at a time. Everything (server, PostgreSQL,
 * load client) shares this machine's cores. Prints markdown tables; exits 0 once the run completed.
 *
 * Flags (environment in brackets): --visitors N [BENCH_VISITORS] --messages N [BENCH_MESSAGES]
 *   --latency-visitors N [BENCH_LATENCY_VISITORS] --duration S [BENCH_DURATION]
 *   --min-interval S --max-interval S [BENCH_MIN_INTERVAL, BENCH_MAX_INTERVAL] --pool N [BENCH_POOL]
 *   --warmup N (messages per warm-up visitor, 0: none) [BENCH_WARMUP] --targets ours,floor [BENCH_TARGETS]
 *   --loads throughput,latency [BENCH_LOADS] --database-url URL [BENCH_DATABASE_URL, DATABASE_URL]
 *   --cpu-prof DIR (Node CPU profiles of the servers) [BENCH_CPU_PROF]
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { CleanupStack, NodeChild, childEnv, processCpuMs, tsNodeArgs } from './bench-processes';
import { type Target, type TargetName, assertBuilt, BENCH_ORIGIN, startFloor, startOurs } from './bench-targets';
import { type BenchVisitor, type LoadResult, type LoadSpec, quantile } from './load-protocol';

type LoadName = 'throughput' | 'latency';

interface BenchOptions {
  visitors: number;
  messages: number;
  latencyVisitors: number;
  durationS: number;
  minIntervalS: number;
  maxIntervalS: number;
  poolSize: number;
  warmupMessages: number;
  targets: TargetName[];
  loads: LoadName[];
  serverUrl: string;
  cpuProfDir: string | undefined;
}

const WARMUP_VISITORS = 50;
const ACK_TIMEOUT_MS = 30_000;
const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** A mistake in the flags: reported without a stack. */
class UsageError extends Error {}

function parseOptions(argv: string[]): BenchOptions {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (match === null) {
      throw new UsageError(
        `unexpected argument ${argv[i]} (see the flags at the top of bench/gateway/bench-gateway.ts)`,
      );
    }
    const value = match[2] ?? argv[++i];
    if (value === undefined) {
      throw new UsageError(`--${match[1]} needs a value`);
    }
    flags.set(match[1], value);
  }
  const raw = (flag: string, env: string): string | undefined => flags.get(flag) ?? process.env[env];
  const number = (flag: string, env: string, fallback: number, min: number): number => {
    const value = raw(flag, env);
    const parsed = value === undefined ? fallback : Number(value);
    if (!Number.isFinite(parsed) || parsed < min) {
      throw new UsageError(`--${flag} (${env}) must be a number >= ${min}, got ${value}`);
    }
    return parsed;
  };
  const list = <T extends string>(flag: string, env: string, allowed: readonly T[]): T[] => {
    const values = (raw(flag, env) ?? allowed.join(',')).split(',').map((value) => value.trim());
    for (const value of values) {
      if (!allowed.includes(value as T)) {
        throw new UsageError(`--${flag} (${env}) takes ${allowed.join(', ')}; got ${value}`);
      }
    }
    return values as T[];
  };
  const options: BenchOptions = {
    visitors: Math.floor(number('visitors', 'BENCH_VISITORS', 200, 1)),
    messages: Math.floor(number('messages', 'BENCH_MESSAGES', 20, 1)),
    latencyVisitors: Math.floor(number('latency-visitors', 'BENCH_LATENCY_VISITORS', 1000, 1)),
    durationS: number('duration', 'BENCH_DURATION', 60, 1),
    minIntervalS: number('min-interval', 'BENCH_MIN_INTERVAL', 2, 0.01),
    maxIntervalS: number('max-interval', 'BENCH_MAX_INTERVAL', 5, 0.01),
    poolSize: Math.floor(number('pool', 'BENCH_POOL', 10, 1)),
    warmupMessages: Math.floor(number('warmup', 'BENCH_WARMUP', 10, 0)),
    targets: list('targets', 'BENCH_TARGETS', ['ours', 'floor'] as const),
    loads: list('loads', 'BENCH_LOADS', ['throughput', 'latency'] as const),
    serverUrl: raw('database-url', 'BENCH_DATABASE_URL') ?? process.env.DATABASE_URL ?? DEFAULT_SERVER_URL,
    cpuProfDir: raw('cpu-prof', 'BENCH_CPU_PROF'),
  };
  if (options.maxIntervalS < options.minIntervalS) {
    throw new UsageError('--max-interval must not be below --min-interval');
  }
  return options;
}

/** What PostgreSQL holds for one load, against what the client sent and was acked. */
interface StoreCheck {
  stored: number;
  /** Acked messages whose (conversation, seq, clientMessageId) is not in the table. */
  lost: number;
  /** Rows sharing a client message id or a seq in one conversation, or one seq acked twice. */
  duplicated: number;
  /** Missing sequence numbers, and conversations whose last_seq is not their message count. */
  seqGaps: number;
  counterMismatches: number;
}

async function checkStore(db: Client, visitors: BenchVisitor[], result: LoadResult): Promise<StoreCheck> {
  const conversationIds = visitors.map((visitor) => visitor.conversationId);
  const {
    rows: [stored],
  } = await db.query<Omit<StoreCheck, 'lost' | 'duplicated'> & { duplicatedRows: number }>(
    `WITH m AS (SELECT * FROM messages WHERE conversation_id = ANY($1::uuid[]))
     SELECT
       (SELECT count(*) FROM m)::int AS stored,
       (SELECT (count(*) - count(DISTINCT (conversation_id, client_message_id)))
             + (count(*) - count(DISTINCT (conversation_id, seq))) FROM m)::int AS "duplicatedRows",
       (SELECT coalesce(sum(top - n), 0)
          FROM (SELECT max(seq) AS top, count(*) AS n FROM m GROUP BY conversation_id) s)::int AS "seqGaps",
       (SELECT count(*) FROM conversations c WHERE c.id = ANY($1::uuid[])
          AND c.last_seq <> (SELECT count(*) FROM m WHERE m.conversation_id = c.id))::int AS "counterMismatches"`,
    [conversationIds],
  );
  const acked = result.ackedMessages;
  const {
    rows: [found],
  } = await db.query<{ found: number; distinctAcks: number }>(
    `SELECT count(*) FILTER (WHERE EXISTS (
              SELECT 1 FROM messages m WHERE m.conversation_id = a.conversation_id AND m.seq = a.seq
                AND m.client_message_id = a.client_message_id)
            )::int AS found,
            count(DISTINCT (a.conversation_id, a.seq))::int AS "distinctAcks"
     FROM unnest($1::uuid[], $2::int[], $3::text[]) AS a(conversation_id, seq, client_message_id)`,
    [acked.conversationIds, acked.seqs, acked.clientMessageIds],
  );
  return {
    stored: stored.stored,
    lost: acked.seqs.length - found.found,
    duplicated: stored.duplicatedRows + (acked.seqs.length - found.distinctAcks),
    seqGaps: stored.seqGaps,
    counterMismatches: stored.counterMismatches,
  };
}

/** CPU time of the server process and of the PostgreSQL backends serving its database (local servers only). */
class CpuMeter {
  private serverStart: number | undefined;
  private backendsStart = new Map<number, number>();
  /** Server and PostgreSQL CPU ms between start() and stop(). */
  measured: { serverMs: number | undefined; postgresMs: number | undefined } = {
    serverMs: undefined,
    postgresMs: undefined,
  };

  constructor(
    private readonly target: Target,
    private readonly localPostgres: boolean,
  ) {}

  async start(): Promise<void> {
    this.serverStart = processCpuMs(this.target.server.pid);
    this.backendsStart = await this.backends();
  }

  async stop(): Promise<void> {
    this.measured = await this.measure();
  }

  private async measure(): Promise<{ serverMs: number | undefined; postgresMs: number | undefined }> {
    const serverEnd = processCpuMs(this.target.server.pid);
    const backendsEnd = await this.backends();
    let postgresMs: number | undefined;
    if (this.localPostgres && backendsEnd.size > 0) {
      // A backend that closed during the load is missed; one opened during it counts from zero.
      postgresMs = 0;
      for (const [pid, ms] of backendsEnd) {
        postgresMs += ms - (this.backendsStart.get(pid) ?? 0);
      }
    }
    return {
      serverMs: serverEnd === undefined || this.serverStart === undefined ? undefined : serverEnd - this.serverStart,
      postgresMs,
    };
  }

  private async backends(): Promise<Map<number, number>> {
    const cpu = new Map<number, number>();
    if (!this.localPostgres) {
      return cpu;
    }
    const { rows } = await this.target.db.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [this.target.databaseName],
    );
    for (const { pid } of rows) {
      const ms = processCpuMs(pid);
      if (ms !== undefined) {
        cpu.set(pid, ms);
      }
    }
    return cpu;
  }
}

interface Row {
  target: TargetName;
  load: LoadName;
  result: LoadResult;
  check: StoreCheck;
  serverCpuMs: number | undefined;
  postgresCpuMs: number | undefined;
}

/** Runs one load in a load client process; `meter`, if given, measures from its go to the end of the load. */
async function runClient(
  spec: LoadSpec,
  workDir: string,
  cleanup: CleanupStack,
  meter?: CpuMeter,
): Promise<LoadResult> {
  const specPath = path.join(workDir, `${spec.runId}.spec.json`);
  const resultPath = path.join(workDir, `${spec.runId}.result.json`);
  writeFileSync(specPath, JSON.stringify(spec));
  const client = new NodeChild(
    'the load client',
    [...tsNodeArgs('load-client.ts'), specPath, resultPath],
    childEnv({}),
    { ipc: true },
  );
  cleanup.push('stop the load client', () => client.stop());
  await client.nextMessage(); // connected
  await meter?.start();
  client.send('go');
  await client.nextMessage(); // loaded
  await meter?.stop();
  client.send('go');
  const code = await client.exited;
  if (code !== 0) {
    throw new Error(`the load client failed (exit ${code}):\n${client.output}`);
  }
  return JSON.parse(readFileSync(resultPath, 'utf8')) as LoadResult;
}

async function benchTarget(
  name: TargetName,
  options: BenchOptions,
  workDir: string,
  localPostgres: boolean,
  cleanup: CleanupStack,
): Promise<Row[]> {
  const targetOptions = { serverUrl: options.serverUrl, poolSize: options.poolSize, cpuProfDir: options.cpuProfDir };
  const target = await (name === 'ours' ? startOurs(targetOptions, cleanup) : startFloor(targetOptions, cleanup));
  const spec = (visitors: BenchVisitor[], load: LoadSpec['load'], label: string): LoadSpec => ({
    url: target.url,
    origin: BENCH_ORIGIN,
    visitors,
    load,
    runId: `${name}-${label}-${randomBytes(4).toString('hex')}`,
    ackTimeoutMs: ACK_TIMEOUT_MS,
  });
  if (options.warmupMessages > 0) {
    // Untimed: JIT, connection pools and PostgreSQL's caches settle first, as they would in production.
    const visitors = await target.newVisitors(WARMUP_VISITORS);
    const warm = await runClient(
      spec(visitors, { kind: 'burst', messages: options.warmupMessages }, 'warmup'),
      workDir,
      cleanup,
    );
    log(`${name}: warm-up ${warm.acked}/${warm.sent} acked`);
  }
  const rows: Row[] = [];
  for (const load of options.loads) {
    const count = load === 'throughput' ? options.visitors : options.latencyVisitors;
    log(`${name}: ${load} load, creating ${count} visitors`);
    const visitors = await target.newVisitors(count);
    const loadSpec =
      load === 'throughput'
        ? spec(visitors, { kind: 'burst', messages: options.messages }, load)
        : spec(
            visitors,
            {
              kind: 'paced',
              durationMs: options.durationS * 1000,
              minIntervalMs: Math.round(options.minIntervalS * 1000),
              maxIntervalMs: Math.round(options.maxIntervalS * 1000),
            },
            load,
          );
    const meter = new CpuMeter(target, localPostgres);
    const result = await runClient(loadSpec, workDir, cleanup, meter);
    const cpu = meter.measured;
    const check = await checkStore(target.db, visitors, result);
    const row: Row = {
      target: name,
      load,
      result,
      check,
      serverCpuMs: cpu.serverMs,
      postgresCpuMs: cpu.postgresMs,
    };
    log(`${name}: ${load}: ${summaryLine(row)}`);
    rows.push(row);
  }
  await target.server.stop();
  return rows;
}

function log(line: string): void {
  process.stderr.write(`bench:gateway ${line}\n`);
}

function messagesPerSecond(result: LoadResult): number {
  return result.wallMs > 0 ? (result.acked * 1000) / result.wallMs : 0;
}

function latency(result: LoadResult, q: number): number {
  return quantile(
    [...result.latenciesMs].sort((a, b) => a - b),
    q,
  );
}

function errorsText(row: Row): string {
  const parts = Object.entries(row.result.errors).map(([code, count]) => `${code} ${count}`);
  if (row.check.seqGaps > 0) {
    parts.push(`seq gaps ${row.check.seqGaps}`);
  }
  if (row.check.counterMismatches > 0) {
    parts.push(`last_seq mismatches ${row.check.counterMismatches}`);
  }
  return parts.length === 0 ? '0' : parts.join(', ');
}

function perMessage(ms: number | undefined, row: Row): string {
  return ms === undefined || row.result.acked === 0 ? '-' : (ms / row.result.acked).toFixed(2);
}

function summaryLine(row: Row): string {
  const { result } = row;
  return (
    `${result.acked}/${result.sent} acked, ${messagesPerSecond(result).toFixed(0)} msg/s, ` +
    `p50 ${latency(result, 0.5).toFixed(1)} ms, p99 ${latency(result, 0.99).toFixed(1)} ms, ` +
    `stored ${row.check.stored}, lost ${row.check.lost}, duplicated ${row.check.duplicated}, errors ${errorsText(row)}, ` +
    `CPU ms/msg: server ${perMessage(row.serverCpuMs, row)}, PostgreSQL ${perMessage(row.postgresCpuMs, row)}`
  );
}

function table(header: string[], rows: string[][]): string {
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

function report(rows: Row[], options: BenchOptions, postgresVersion: string): string {
  const loadText = (load: LoadName): string =>
    load === 'throughput'
      ? `(1) ${options.visitors} x ${options.messages} back to back`
      : `(2) ${options.latencyVisitors} every ${options.minIntervalS}-${options.maxIntervalS} s for ${options.durationS} s`;
  const lines = [
    `Gateway benchmark: ${os.cpus().length} cores shared by the server under test, PostgreSQL and the load client ` +
      `(one server at a time). Node ${process.version}, ${postgresVersion}, pool ${options.poolSize} connections ` +
      `per server. Latency is emit to ack, measured by the client.`,
    '',
    table(
      [
        'server',
        'load',
        'acked / sent',
        'msg/s',
        'ack p50 ms',
        'ack p99 ms',
        'stored',
        'lost',
        'duplicated',
        'errors',
        'server CPU ms/msg',
        'PostgreSQL CPU ms/msg',
        'client CPU',
      ],
      rows.map((row) => [
        row.target,
        loadText(row.load),
        `${row.result.acked} / ${row.result.sent}`,
        messagesPerSecond(row.result).toFixed(0),
        latency(row.result, 0.5).toFixed(1),
        latency(row.result, 0.99).toFixed(1),
        String(row.check.stored),
        String(row.check.lost),
        String(row.check.duplicated),
        errorsText(row),
        perMessage(row.serverCpuMs, row),
        perMessage(row.postgresCpuMs, row),
        row.result.wallMs > 0 ? `${((100 * row.result.clientCpuMs) / row.result.wallMs).toFixed(0)}%` : '-',
      ]),
    ),
  ];
  const find = (target: TargetName, load: LoadName): Row | undefined =>
    rows.find((row) => row.target === target && row.load === load);
  const ratioRows: string[][] = [];
  for (const load of options.loads) {
    const ours = find('ours', load);
    const floor = find('floor', load);
    if (ours !== undefined && floor !== undefined) {
      const ratio = (a: number, b: number): string => (b > 0 ? (a / b).toFixed(2) : '-');
      ratioRows.push([
        loadText(load),
        ratio(messagesPerSecond(ours.result), messagesPerSecond(floor.result)),
        ratio(latency(ours.result, 0.5), latency(floor.result, 0.5)),
        ratio(latency(ours.result, 0.99), latency(floor.result, 0.99)),
      ]);
    }
  }
  if (ratioRows.length > 0) {
    lines.push('', table(['load', 'msg/s ours/floor', 'p50 ours/floor', 'p99 ours/floor'], ratioRows));
  }
  const targetRows: string[][] = [];
  const oursThroughput = find('ours', 'throughput');
  const floorThroughput = find('floor', 'throughput');
  if (oursThroughput !== undefined && floorThroughput !== undefined) {
    const ratio = messagesPerSecond(oursThroughput.result) / messagesPerSecond(floorThroughput.result);
    targetRows.push(['(1) ours at least half the floor’s msg/s', `${ratio.toFixed(2)}x`, ratio >= 0.5 ? 'yes' : 'no']);
  }
  const oursLatency = find('ours', 'latency');
  if (oursLatency !== undefined) {
    const p99 = latency(oursLatency.result, 0.99);
    targetRows.push(['(2) ours ack p99 under 50 ms', `${p99.toFixed(1)} ms`, p99 < 50 ? 'yes' : 'no']);
  }
  const lost = rows.reduce((sum, row) => sum + row.check.lost, 0);
  const duplicated = rows.reduce((sum, row) => sum + row.check.duplicated, 0);
  targetRows.push([
    'zero lost, zero duplicated (every run)',
    `${lost} lost, ${duplicated} duplicated`,
    lost === 0 && duplicated === 0 ? 'yes' : 'no',
  ]);
  lines.push('', table(['target (from the issue)', 'measured', 'met'], targetRows));
  const lags = rows
    .filter((row) => row.load === 'latency')
    .map(
      (row) =>
        `${row.target} ${quantile(
          [...row.result.sendLagMs].sort((a, b) => a - b),
          0.99,
        ).toFixed(1)} ms`,
    );
  if (lags.length > 0) {
    lines.push('', `Load client send lag p99 under load (2) (late against its schedule): ${lags.join(', ')}.`);
  }
  return lines.join('\n');
}

async function serverVersion(serverUrl: string): Promise<string> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return `PostgreSQL ${rows[0].server_version}`;
  } finally {
    await client.end();
  }
}

async function main(cleanup: CleanupStack): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  assertBuilt();
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'neodesk-bench-gateway-'));
  cleanup.push('remove the work folder', () => Promise.resolve(rmSync(workDir, { recursive: true, force: true })));
  if (options.cpuProfDir !== undefined) {
    mkdirSync(options.cpuProfDir, { recursive: true });
  }
  const serverHost = new URL(options.serverUrl).hostname;
  const localPostgres = ['127.0.0.1', 'localhost', '[::1]'].includes(serverHost);
  const postgresVersion = await serverVersion(options.serverUrl);
  const rows: Row[] = [];
  for (const target of options.targets) {
    rows.push(...(await benchTarget(target, options, workDir, localPostgres, cleanup)));
  }
  // Stopped first, so that the servers write their CPU profiles before the report says where they are.
  await cleanup.runAll();
  process.stdout.write(`\n${report(rows, options, postgresVersion)}\n`);
  if (options.cpuProfDir !== undefined) {
    process.stdout.write(`\nCPU profiles of the servers are in ${options.cpuProfDir}.\n`);
  }
}

const cleanup = new CleanupStack();
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    log(`${signal}: stopping the servers and dropping the databases`);
    void cleanup.runAll().finally(() => process.exit(130));
  });
}
main(cleanup).then(
  () => process.exit(0),
  async (error: unknown) => {
    await cleanup.runAll();
    if (interrupted) {
      return; // The signal handler exits once clean-up is done.
    }
    const detail = error instanceof UsageError ? error.message : error instanceof Error ? error.stack : String(error);
    process.stderr.write(`bench:gateway failed: ${detail ?? String(error)}\n`);
    process.exit(1);
  },
);
