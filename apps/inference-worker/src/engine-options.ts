import type { InferenceEngineOptions } from '@neodesk/inference';
import type { WorkerConfig } from './config/worker-config';

export function engineOptionsFrom(config: WorkerConfig): InferenceEngineOptions {
  return {
    device: config.device,
    cpuThreads: config.cpuThreads,
    cpuSpinning: config.cpuSpinning,
    onnxFile: config.onnxFile,
    decoder: config.decoder,
    weightDtype: config.dtype,
    ...(config.cacheDir === undefined ? {} : { cacheDir: config.cacheDir }),
    maxBatchSize: config.maxBatchSize,
    maxQueued: config.maxQueued,
    ...(config.maxSequenceLength > 0 ? { maxSequenceLength: config.maxSequenceLength } : {}),
    ...(config.knowledgePassages === 'auto' ? {} : { knowledgePassages: config.knowledgePassages === 'on' }),
  };
}
