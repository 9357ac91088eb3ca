/**
 * Faults npm run test:soak injects while the load runs, one kind per run. Each records when it struck,
 * when it was lifted (the process restarted, the server back) and when the platform served again.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sleep } from '../gateway/bench-processes';

const run = promisify(execFile);

export const FAULTS = ['worker-kill', 'service-kill', 'postgres-restart', 'redis-outage'] as const;
export type FaultName = (typeof FAULTS)[number];

/** One injection: epoch ms. */
export interface FaultEvent {
  name: string;
  injectedAt: number;
  liftedAt: number;
  /** Every replica ready and both workers registered again (undefined: never within the run). */
  platformBackAt?: number;
}

/** What a fault needs from the soak: its processes and a way to tell that the platform is whole again. */
export interface FaultTarget {
  killWorker(index: number): Promise<void>;
  killService(index: number): Promise<void>;
  /** Resolves with the epoch ms at which every replica is ready and both workers are registered. */
  whole(timeoutMs: number): Promise<number | undefined>;
}

export const OUTAGE_MS = 10_000;
const WORKER_KILL_EVERY_MS = 30_000;
const SERVICE_KILL_EVERY_MS = 60_000;

/**
 * Runs `fault` against the target during [start, start + durationMs): worker-kill every 30 s (alternating
 * workers, each restarted at once), service-kill every 60 s (alternating replicas, restarted at once), the
 * PostgreSQL or Redis outage once, 10 s long, a third of the way in. Returns the events once all settled.
 */
export async function injectFaults(
  fault: FaultName,
  target: FaultTarget,
  durationMs: number,
  log: (line: string) => void,
): Promise<FaultEvent[]> {
  const start = Date.now();
  const events: FaultEvent[] = [];
  const settled: Array<Promise<void>> = [];
  const at = async (offsetMs: number): Promise<void> => sleep(Math.max(0, start + offsetMs - Date.now()));
  const whenWhole = (event: FaultEvent): void => {
    settled.push(
      target.whole(120_000).then((backAt) => {
        event.platformBackAt = backAt;
      }),
    );
  };
  const firstAt = Math.min(15_000, durationMs / 4);
  switch (fault) {
    case 'worker-kill':
      for (let i = 0, offset = firstAt; offset < durationMs; i++, offset += WORKER_KILL_EVERY_MS) {
        await at(offset);
        const event: FaultEvent = { name: `SIGKILL worker ${i % 2}`, injectedAt: Date.now(), liftedAt: 0 };
        await target.killWorker(i % 2);
        event.liftedAt = Date.now();
        log(`fault: ${event.name}, restarted`);
        events.push(event);
        whenWhole(event);
      }
      break;
    case 'service-kill':
      for (let i = 0, offset = Math.max(firstAt, durationMs / 3); offset < durationMs; i++) {
        await at(offset);
        const replica = (i + 1) % 2;
        const event: FaultEvent = { name: `SIGKILL replica ${replica}`, injectedAt: Date.now(), liftedAt: 0 };
        await target.killService(replica);
        event.liftedAt = Date.now();
        log(`fault: ${event.name}, restarted`);
        events.push(event);
        whenWhole(event);
        offset += SERVICE_KILL_EVERY_MS;
      }
      break;
    case 'postgres-restart':
    case 'redis-outage': {
      await at(Math.max(firstAt, durationMs / 3));
      const event: FaultEvent = {
        name: fault === 'postgres-restart' ? 'PostgreSQL stopped for 10 s' : 'Redis stopped for 10 s',
        injectedAt: Date.now(),
        liftedAt: 0,
      };
      events.push(event);
      log(`fault: ${event.name}`);
      try {
        await (fault === 'postgres-restart' ? stopPostgres() : stopRedis());
        await sleep(Math.max(0, event.injectedAt + OUTAGE_MS - Date.now()));
      } finally {
        await (fault === 'postgres-restart' ? startPostgres() : startRedis());
      }
      event.liftedAt = Date.now();
      log(`fault: lifted after ${event.liftedAt - event.injectedAt} ms`);
      whenWhole(event);
      break;
    }
  }
  await Promise.all(settled);
  return events;
}

async function postgresCluster(): Promise<string[]> {
  const { stdout } = await run('ls', ['/etc/postgresql']);
  const version = stdout.trim().split(/\s+/)[0];
  if (version === undefined || version === '') {
    throw new Error('no PostgreSQL cluster under /etc/postgresql');
  }
  return ['--skip-systemctl-redirect', version, 'main'];
}

export async function stopPostgres(): Promise<void> {
  await run('pg_ctlcluster', [...(await postgresCluster()), 'stop']);
}

export async function startPostgres(): Promise<void> {
  try {
    await run('pg_ctlcluster', [...(await postgresCluster()), 'start']);
  } catch (error) {
    // Already running (the stop failed, or someone started it): not an error for the soak.
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    if (!/already running/i.test(`${stdout ?? ''} ${stderr ?? ''}`)) {
      throw error;
    }
  }
}

export async function stopRedis(): Promise<void> {
  await run('redis-cli', ['-h', '127.0.0.1', '-p', '6379', 'shutdown', 'nosave']).catch((error: unknown) => {
    // redis-cli reports the closed connection of a successful shutdown on some versions.
    if (!/closed|refused/i.test(String(error))) {
      throw error;
    }
  });
}

export async function startRedis(): Promise<void> {
  if (await redisAnswers()) {
    return;
  }
  await run('redis-server', [
    '--daemonize',
    'yes',
    '--bind',
    '127.0.0.1',
    '--port',
    '6379',
    '--save',
    '',
    '--appendonly',
    'no',
  ]);
  for (let i = 0; i < 50 && !(await redisAnswers()); i++) {
    await sleep(100);
  }
}

export async function redisAnswers(): Promise<boolean> {
  try {
    const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', '6379', 'ping']);
    return stdout.trim() === 'PONG';
  } catch {
    return false;
  }
}
