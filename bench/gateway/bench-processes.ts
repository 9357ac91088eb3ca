/** Child processes and databases of npm run bench:gateway, each registered for clean-up as it is made. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client, type ClientConfig } from 'pg';

export const ROOT = path.resolve(__dirname, '..', '..');
const OUTPUT_KEPT = 20_000;
const STOP_GRACE_MS = 20_000;

/** Things to undo at the end, newest first, also after a failure or Ctrl-C. */
export class CleanupStack {
  private readonly steps: Array<{ name: string; run: () => Promise<unknown> }> = [];
  private running: Promise<void> = Promise.resolve();

  push(name: string, run: () => Promise<unknown>): void {
    this.steps.push({ name, run });
  }

  /** Runs the steps not run yet; a second call (Ctrl-C during a failure) waits for the first. */
  runAll(): Promise<void> {
    this.running = this.running.then(() => this.runSteps());
    return this.running;
  }

  private async runSteps(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step.run();
      } catch (error) {
        process.stderr.write(`clean-up: ${step.name} failed: ${(error as Error).message}\n`);
      }
    }
  }
}

/** A Node.js child process with its recent output kept for error messages. */
export class NodeChild {
  output = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(
    readonly name: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    options: { ipc?: boolean } = {},
  ) {
    this.child = spawn(process.execPath, args, {
      cwd: ROOT,
      env,
      stdio: options.ipc === true ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString()).slice(-OUTPUT_KEPT);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The child's next IPC message; rejects if it exits first. */
  nextMessage(): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null): void => {
        this.child.off('message', onMessage);
        reject(new Error(`${this.name} exited (code ${code}):\n${this.output}`));
      };
      const onMessage = (message: unknown): void => {
        this.child.off('exit', onExit);
        resolve(message);
      };
      this.child.once('message', onMessage);
      this.child.once('exit', onExit);
    });
  }

  send(message: string): void {
    this.child.send(message);
  }

  /** Resolves once `pattern` shows up in the output; rejects if the process exits first or `timeoutMs` passes. */
  async waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const match = this.output.match(pattern);
      if (match !== null) {
        return match;
      }
      if (!this.running) {
        throw new Error(`${this.name} exited early:\n${this.output}`);
      }
      await sleep(100);
    }
    throw new Error(`${this.name} did not print ${pattern} within ${timeoutMs} ms:\n${this.output}`);
  }

  /** SIGTERM (a graceful stop, which also writes --cpu-prof profiles), then SIGKILL after a grace period. */
  async stop(): Promise<void> {
    if (!this.running) {
      return;
    }
    this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(killer);
  }
}

/** A child running a TypeScript file of this folder through ts-node, as the npm script runs this one. */
export function tsNodeArgs(file: string, nodeFlags: string[] = []): string[] {
  return [
    ...nodeFlags,
    '-r',
    'ts-node/register/transpile-only',
    '-r',
    'tsconfig-paths/register',
    path.join(__dirname, file),
  ];
}

/** The parent's environment without anything that would point a child at another database or port. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      !key.startsWith('NEODESK_') &&
      !key.startsWith('BENCH_') &&
      !['DATABASE_URL', 'DATA_DIR', 'PORT', 'REDIS_URL', 'NODE_ENV'].includes(key)
    ) {
      env[key] = value;
    }
  }
  return { ...env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'), ...extra };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs one statement on the server's `postgres` database (CREATE / DROP DATABASE). */
export async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: withDatabase(serverUrl, 'postgres') } satisfies ClientConfig);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates an empty database and registers its removal. */
export async function createDatabase(serverUrl: string, name: string, cleanup: CleanupStack): Promise<string> {
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  cleanup.push(`drop database ${name}`, () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  return withDatabase(serverUrl, name);
}

const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU time of a local process in ms, from /proc; undefined where it cannot be read. */
export function processCpuMs(pid: number): number | undefined {
  try {
    // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
