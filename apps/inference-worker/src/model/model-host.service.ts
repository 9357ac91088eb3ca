import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { type LoadedModel, ModelFolderLoader } from '@neodesk/inference';
import { WORKER_CONFIG } from '../worker.tokens';
import type { WorkerConfig } from '../config/worker-config';

/** Loads the model once at start-up so a broken model folder stops the worker before it takes work. */
@Injectable()
export class ModelHostService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ModelHostService.name);
  private loaded: LoadedModel | undefined;

  constructor(@Inject(WORKER_CONFIG) private readonly config: WorkerConfig) {}

  get model(): LoadedModel {
    if (this.loaded === undefined) {
      throw new Error('The model is not loaded yet');
    }
    return this.loaded;
  }

  async onModuleInit(): Promise<void> {
    const started = performance.now();
    this.loaded = await new ModelFolderLoader().load(this.config.modelDir, {
      sessionOptions: {
        executionProviders: ['cpu'],
        ...(this.config.cpuThreads > 0 ? { intraOpNumThreads: this.config.cpuThreads } : {}),
      },
    });
    const { config } = this.loaded;
    this.logger.log(
      `Loaded GPT-Neo from ${this.config.modelDir} in ${Math.round(performance.now() - started)} ms: ` +
        `${config.numLayers} layers, hidden ${config.hiddenSize}, ${config.numHeads} heads, ` +
        `vocabulary ${config.vocabSize}, context ${config.maxPositionEmbeddings}`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loaded?.decoder.session.release();
  }
}
