import type { NestExpressApplication } from '@nestjs/platform-express';
import { WorkerRegistry, type WorkerView } from '../../apps/conversation-service/src/workers/worker-registry';
import { baseUrl } from './realtime-clients';
import { ServiceProcess, WORKER_MAIN } from './service-process';

/** The token the tests' services expect from workers. */
export const TEST_WORKER_TOKEN = 'test worker token, 16+ characters';

/** A real inference worker process (built output, bundled model, CPU) joining the app's `/worker` gateway. */
export function startWorker(app: NestExpressApplication | string, env: Record<string, string> = {}): ServiceProcess {
  return new ServiceProcess(WORKER_MAIN, {
    SERVICE_URL: baseUrl(app),
    WORKER_TOKEN: TEST_WORKER_TOKEN,
    INFERENCE_DEVICE: 'cpu',
    INFERENCE_CPU_THREADS: '1',
    INFERENCE_MAX_BATCH: '8',
    LOG_LEVEL: 'warn',
    ...env,
  });
}

/** Waits until `count` workers are registered with the app (any replica's, through the adapter). */
export async function workersRegistered(
  app: NestExpressApplication,
  count: number,
  timeoutMs = 60_000,
): Promise<WorkerView[]> {
  const registry = app.get(WorkerRegistry);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const workers = await registry.list();
    if (workers.length >= count) {
      return workers;
    }
    if (Date.now() > deadline) {
      throw new Error(`Only ${workers.length} of ${count} workers registered within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
