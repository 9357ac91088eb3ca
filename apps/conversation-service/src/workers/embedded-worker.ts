import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { Logger } from '@nestjs/common';

/** Variables the embedded worker inherits: its own settings, never the service's secrets or database. */
const INHERITED = /^(INFERENCE_|MODEL_|PATH$|HOME$|NODE_ENV$|NODE_OPTIONS$|TMPDIR$|LANG$)/;
const RESTART_MAX_DELAY_MS = 30_000;
const STOP_GRACE_MS = 12_000;

export interface EmbeddedWorkerOptions {
  serviceUrl: string;
  workerToken: string;
  logLevel: string;
  env: NodeJS.ProcessEnv;
  /** The worker's built entry point; defaults to the one built next to this service. */
  entry?: string;
}

/**
 * `npm start`'s inference worker: the same program as in production, run as a child process that joins
 * this service over loopback with the worker token. Restarted with backoff if it dies; stopped with the service.
 */
export class EmbeddedWorker {
  private child: ChildProcess | undefined;
  private stopping = false;
  private restarts = 0;
  private restartTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: EmbeddedWorkerOptions,
    private readonly logger: Pick<Logger, 'log' | 'warn' | 'error'>,
  ) {}

  start(): void {
    const entry = this.options.entry ?? path.join(__dirname, '../../../inference-worker/src/main.js');
    const env: NodeJS.ProcessEnv = Object.fromEntries(
      Object.entries(this.options.env).filter(([name]) => INHERITED.test(name)),
    );
    // The embedded default is a CPU worker; INFERENCE_DEVICE set by the operator still wins.
    env.INFERENCE_DEVICE ??= 'cpu';
    // It shares the cores with the service (and the embedded database): idle threads sleep, not spin.
    env.INFERENCE_CPU_SPINNING ??= 'false';
    env.SERVICE_URL = this.options.serviceUrl;
    env.WORKER_TOKEN = this.options.workerToken;
    env.LOG_LEVEL = this.options.logLevel;
    const startedAt = Date.now();
    // V8's concurrent GC helper threads would compete with onnxruntime's for the cores (README: worker).
    const child = spawn(process.execPath, ['--single-threaded-gc', entry], {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    this.child = child;
    this.logger.log(`Started the embedded inference worker (pid ${child.pid})`);
    child.once('error', (error) => this.logger.error(`The embedded worker could not start: ${error.message}`));
    child.once('exit', (code, signal) => {
      this.child = undefined;
      if (this.stopping) {
        return;
      }
      // A worker that ran a while and died starts over at once; one that keeps failing backs off.
      this.restarts = Date.now() - startedAt > 60_000 ? 0 : this.restarts + 1;
      const delay = Math.min(1_000 * 2 ** Math.max(this.restarts - 1, 0), RESTART_MAX_DELAY_MS);
      this.logger.warn(
        `The embedded worker exited (${signal ?? `code ${code}`}); restarting in ${Math.round(delay / 1000)} s`,
      );
      this.restartTimer = setTimeout(() => this.start(), delay);
      this.restartTimer.unref();
    });
  }

  /** SIGTERM (the worker finishes running replies), then SIGKILL after a grace period. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer !== undefined) {
      clearTimeout(this.restartTimer);
    }
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) {
      return;
    }
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}
