import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { registerTestSecrets, secretsInEnv, testLogFile } from './test-logs';

export const DIST = path.resolve(__dirname, '../../dist/apps');
export const SERVICE_MAIN = path.join(DIST, 'conversation-service/src/main.js');
export const DATABASE_CLI = path.join(DIST, 'conversation-service/src/database/database-cli.js');
export const WORKER_MAIN = path.join(DIST, 'inference-worker/src/main.js');

/** An app started as its own OS process from the build output, exactly as `npm start` runs it. */
export class ServiceProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(script: string, env: Record<string, string>, args: string[] = []) {
    if (!fs.existsSync(script)) {
      throw new Error(`${script} is missing: run \`npm run build\` first (npm test does)`);
    }
    registerTestSecrets(...secretsInEnv(env));
    this.child = spawn(process.execPath, [script, ...args], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    // Both streams also go to a file of the run, which the global teardown scans for secrets.
    const logFile = testLogFile(logName(script));
    const keep = (chunk: Buffer): void => {
      if (logFile !== undefined) {
        fs.appendFileSync(logFile, chunk);
      }
    };
    this.child.stdout?.on('data', (chunk: Buffer) => {
      this.stdout += chunk.toString();
      keep(chunk);
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
      keep(chunk);
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
    }
    return this.exited;
  }
}

/** `conversation-service` or `inference-worker` for an app's main.js, otherwise the script's own name. */
function logName(script: string): string {
  const name = path.basename(script, path.extname(script));
  return name === 'main' ? path.basename(path.dirname(path.dirname(script))) : name;
}

/** The parent's environment without anything that would point the child at the test database. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('NEODESK_') && !['DATABASE_URL', 'DATA_DIR', 'PORT', 'REDIS_URL', 'NODE_ENV'].includes(key)) {
      env[key] = value;
    }
  }
  return { ...env, LOG_LEVEL: 'info', ...extra };
}

export async function freePort(): Promise<number> {
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

/** Polls GET /health until it answers 200; rejects with the process output after `timeoutMs`. */
export async function waitForHealthy(port: number, service: ServiceProcess, timeoutMs = 60_000): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (response.status === 200) {
        return response.json();
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no healthy answer on port ${port} within ${timeoutMs} ms\n${service.stdout}\n${service.stderr}`);
}

export async function exitWithin(service: ServiceProcess, ms: number): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`still running after ${ms} ms\n${service.stdout}\n${service.stderr}`)),
      ms,
    );
  });
  try {
    return await Promise.race([service.exited, timeout]);
  } finally {
    clearTimeout(timer);
    await service.stop();
  }
}

/** The JSON line a process that could not start wrote on stderr (pino's fatal level), parsed. */
export interface StartupRefusal {
  level: number;
  msg: string;
  code?: string;
  [key: string]: unknown;
}

export function startupRefusal(service: ServiceProcess): StartupRefusal {
  const lines = service.stderr.split('\n').filter((line) => line.trim() !== '');
  const parsed = lines.map((line) => {
    try {
      return JSON.parse(line) as StartupRefusal;
    } catch {
      throw new Error(`stderr has a line that is not JSON: ${line}\n${service.stderr}`);
    }
  });
  const [fatal, ...more] = parsed.filter((line) => line.level === 60);
  if (fatal === undefined || more.length > 0) {
    throw new Error(`expected one fatal line on stderr\n${service.stderr}`);
  }
  return fatal;
}
