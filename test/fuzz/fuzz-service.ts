import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { adminQuery, withDatabase } from '../support/test-database';
import { freePort } from '../support/service-process';

const ROOT = path.resolve(__dirname, '..', '..');
const KEPT_LINES = 40;

/** What the service's own output says about crashes: counted line by line while it runs. */
export interface ServiceLogFigures {
  errorLines: number;
  unhandledRejections: number;
  uncaughtExceptions: number;
  lastErrorLines: string[];
}

/**
 * The conversation service as its own process, started from the sources with ts-node (no build needed):
 * on a fresh database of the PostgreSQL server named by DATABASE_URL, or else on an embedded PGlite in a
 * temporary data dir. No embedded worker (the fuzzer plays one); limits raised so payloads reach handlers.
 */
export class FuzzService {
  readonly figures: ServiceLogFigures = {
    errorLines: 0,
    unhandledRejections: 0,
    uncaughtExceptions: 0,
    lastErrorLines: [],
  };
  exitCode: number | null | undefined = undefined;
  readonly adminPassword = `fuzz admin ${randomBytes(12).toString('hex')}`;
  readonly adminEmail = 'admin@neodesk.local';
  readonly workerToken = `fuzz-worker-${randomBytes(16).toString('hex')}`;
  private child: ChildProcess | undefined;
  private readonly exited: Promise<void>;
  private markExited!: () => void;
  private partial = '';

  private constructor(
    readonly port: number,
    readonly database: 'postgresql' | 'pglite',
    private readonly cleanup: () => Promise<void>,
  ) {
    this.exited = new Promise((resolve) => (this.markExited = resolve));
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get crashed(): boolean {
    return this.exitCode !== undefined;
  }

  static async start(serverUrl = process.env.DATABASE_URL): Promise<FuzzService> {
    const port = await freePort();
    const env: Record<string, string> = {};
    let service: FuzzService;
    if (serverUrl !== undefined && serverUrl !== '') {
      const name = `neodesk_fuzz_${Date.now()}_${randomBytes(3).toString('hex')}`;
      await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
      env.DATABASE_URL = withDatabase(serverUrl, name);
      service = new FuzzService(port, 'postgresql', () =>
        adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      );
    } else {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'neodesk-fuzz-'));
      env.DATA_DIR = dataDir;
      service = new FuzzService(port, 'pglite', () => {
        rmSync(dataDir, { recursive: true, force: true });
        return Promise.resolve();
      });
    }
    service.spawn({
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      EMBEDDED_WORKER: 'false',
      WORKER_TOKEN: service.workerToken,
      BOOTSTRAP_ADMIN_PASSWORD: service.adminPassword,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_IP: '1000000',
      RATE_LIMIT_PER_CALLER: '1000000',
      RATE_LIMIT_LOGIN_PER_IP: '100000',
      // Long enough for a fuzzed DELETE to land while a reply waits for a worker (a race it found).
      BOT_REPLY_WAIT_MS: '2000',
      WEBHOOK_POLL_INTERVAL_MS: '600000',
    });
    try {
      await service.waitHealthy(120_000);
    } catch (error) {
      await service.stop();
      throw error;
    }
    return service;
  }

  /** Stops the service (SIGTERM) and removes its database; resolves once both are done. */
  async stop(): Promise<void> {
    if (this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      await this.exited;
    }
    await this.cleanup();
  }

  private async waitHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && !this.crashed) {
      try {
        if ((await fetch(`${this.baseUrl}/health`)).status === 200) {
          return;
        }
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`the service did not become healthy:\n${this.figures.lastErrorLines.join('\n')}`);
  }

  private spawn(extra: Record<string, string>): void {
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (!key.startsWith('NEODESK_') && !['DATABASE_URL', 'DATA_DIR', 'PORT', 'REDIS_URL', 'NODE_ENV'].includes(key)) {
        env[key] = value;
      }
    }
    const child = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        path.join(ROOT, 'apps/conversation-service/src/main.ts'),
      ],
      {
        cwd: ROOT,
        env: { ...env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'), ...extra },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => this.scan(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.scan(chunk));
    child.once('exit', (code, signal) => {
      if (!this.stopping()) {
        this.exitCode = code ?? (signal === null ? null : -1);
        this.keep(`service exited (code ${code}, signal ${signal})`);
      }
      this.markExited();
    });
  }

  private stopping(): boolean {
    return this.child?.killed === true;
  }

  /** Counts error-level JSON lines and Node's own crash reports, without keeping the whole log. */
  private scan(chunk: Buffer): void {
    const lines = (this.partial + chunk.toString()).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      if (/unhandledRejection|UnhandledPromiseRejection|Unhandled promise rejection/i.test(line)) {
        this.figures.unhandledRejections++;
        this.keep(line);
      } else if (/uncaughtException|Uncaught/i.test(line)) {
        this.figures.uncaughtExceptions++;
        this.keep(line);
      }
      let level = 0;
      try {
        level = (JSON.parse(line) as { level?: number }).level ?? 0;
      } catch {
        // Not a pino line: Node's own output (a crash trace) or a library's; only crash markers count.
      }
      if (level >= 50) {
        this.figures.errorLines++;
        this.keep(line);
      }
    }
  }

  private keep(line: string): void {
    this.figures.lastErrorLines.push(line.slice(0, 2_000));
    if (this.figures.lastErrorLines.length > KEPT_LINES) {
      this.figures.lastErrorLines.shift();
    }
  }
}
