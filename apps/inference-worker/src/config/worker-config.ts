import path from 'node:path';
import { type Env, EnvReader } from '@neodesk/config';
import {
  ENGINE_DTYPE_OPTIONS,
  type EngineDtypeOption,
  INFERENCE_DEVICES,
  type InferenceDevice,
} from '@neodesk/inference';

export const WORKER_LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Everything the inference worker reads from its environment, validated once at start-up. */
export interface WorkerConfig {
  /** The conversation service whose websocket gateway the worker joins. */
  readonly serviceUrl: string;
  /** Shared secret the gateway expects from workers; required once the worker connects. */
  readonly workerToken: string | undefined;
  readonly modelDir: string;
  readonly device: InferenceDevice;
  /** onnxruntime intra-op threads; 0 means one per CPU this process may use. */
  readonly cpuThreads: number;
  /** Idle onnxruntime threads spin (faster) or sleep (a worker sharing its cores with other processes). */
  readonly cpuSpinning: boolean;
  /**
   * The standard ONNX file inside MODEL_DIR (onnx/model_quantized.onnx for the int8 variant); undefined: the
   * loader finds the export (onnx/model.onnx, model.onnx or optimum's merged decoder), or a checkpoint folder's
   * model.safetensors.
   */
  readonly onnxFile: string | undefined;
  readonly decoder: 'auto' | 'fused' | 'standard';
  /** Weights of the fused decoder: fp32, int8, int4 or auto (measured at load); see InferenceEngineOptions. */
  readonly dtype: EngineDtypeOption;
  /** Where prepared engine graphs are cached; undefined: `.neodesk-cache` in MODEL_DIR (else the temp dir). */
  readonly cacheDir: string | undefined;
  readonly maxBatchSize: number;
  readonly maxQueued: number;
  /** 0 means the model's context length. */
  readonly maxSequenceLength: number;
  /** `auto`: as the model's config.json says (neodesk_knowledge_passages); `on`/`off` override it. */
  readonly knowledgePassages: 'auto' | 'on' | 'off';
  readonly logLevel: (typeof WORKER_LOG_LEVELS)[number];
}

export function loadWorkerConfig(env: Env): WorkerConfig {
  const reader = new EnvReader(env);
  const serviceUrl = reader.optionalUrl('SERVICE_URL', ['http:', 'https:']) ?? 'http://127.0.0.1:3000';
  const workerToken = reader.optionalString('WORKER_TOKEN', { secret: true, minLength: 16, maxLength: 512 });
  const modelDir = path.resolve(reader.string('MODEL_DIR', 'models/neodesk-support-gpt-neo'));
  const device = reader.oneOf('INFERENCE_DEVICE', INFERENCE_DEVICES, 'auto');
  const cpuThreads = reader.int('INFERENCE_CPU_THREADS', 0, { min: 0, max: 256 });
  const cpuSpinning = reader.bool('INFERENCE_CPU_SPINNING', true);
  const onnxFile = reader.optionalString('MODEL_ONNX_FILE', { maxLength: 200 });
  if (onnxFile !== undefined && (path.isAbsolute(onnxFile) || onnxFile.split(/[\\/]/).includes('..'))) {
    reader.fail('MODEL_ONNX_FILE', 'must be a path inside MODEL_DIR, like onnx/model_quantized.onnx');
  }
  const decoder = reader.oneOf('INFERENCE_DECODER', ['auto', 'fused', 'standard'] as const, 'auto');
  const dtype = reader.oneOf('INFERENCE_DTYPE', ENGINE_DTYPE_OPTIONS, 'fp32');
  const cacheDirValue = reader.optionalString('INFERENCE_CACHE_DIR', { maxLength: 1000 });
  const cacheDir = cacheDirValue === undefined ? undefined : path.resolve(cacheDirValue);
  const maxBatchSize = reader.int('INFERENCE_MAX_BATCH', 16, { min: 1, max: 256 });
  const maxQueued = reader.int('INFERENCE_MAX_QUEUE', 64, { min: 0, max: 10_000 });
  const maxSequenceLength = reader.int('INFERENCE_MAX_SEQUENCE_LENGTH', 0, { min: 0, max: 32_768 });
  const knowledgePassages = reader.oneOf('INFERENCE_KNOWLEDGE_PASSAGES', ['auto', 'on', 'off'] as const, 'auto');
  const logLevel = reader.oneOf('LOG_LEVEL', WORKER_LOG_LEVELS, 'info');
  reader.assertValid();
  return Object.freeze({
    serviceUrl,
    workerToken,
    modelDir,
    device,
    cpuThreads,
    cpuSpinning,
    onnxFile,
    decoder,
    dtype,
    cacheDir,
    maxBatchSize,
    maxQueued,
    maxSequenceLength,
    knowledgePassages,
    logLevel,
  });
}
