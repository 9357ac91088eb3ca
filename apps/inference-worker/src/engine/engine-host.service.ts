import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InferenceEngine } from '@neodesk/inference';
import type { WorkerConfig } from '../config/worker-config';
import { engineOptionsFrom } from '../engine-options';
import { WORKER_CONFIG } from '../worker.tokens';

/** How long a stopping worker lets running replies finish before cancelling them. */
const DRAIN_MS = 10_000;

/**
 * Owns the worker's inference engine: loads and warms the model before the worker reports ready,
 * and on shutdown lets running replies finish (briefly) before cancelling the rest.
 */
@Injectable()
export class EngineHostService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(EngineHostService.name);
  private loaded: InferenceEngine | undefined;

  constructor(@Inject(WORKER_CONFIG) private readonly config: WorkerConfig) {}

  get engine(): InferenceEngine {
    if (this.loaded === undefined) {
      throw new Error('The inference engine is not loaded yet');
    }
    return this.loaded;
  }

  async onModuleInit(): Promise<void> {
    this.loaded = await InferenceEngine.load(this.config.modelDir, engineOptionsFrom(this.config), {
      log: (message) => this.logger.log(message),
      warn: (message) => this.logger.warn(message),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const engine = this.loaded;
    if (engine === undefined) {
      return;
    }
    const drained = await Promise.race([
      engine.close('drain').then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), DRAIN_MS).unref()),
    ]);
    if (!drained) {
      this.logger.warn(`Replies still running after ${DRAIN_MS} ms; cancelling them`);
      await engine.close('cancel');
    }
  }
}
