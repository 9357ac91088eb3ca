import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ChatTurn } from '../model/gpt-neo-tokenizer';
import {
  type LoadedModel,
  type ModelFiles,
  ModelFolderLoader,
  isCheckpointOnlyFolder,
} from '../model/model-folder.loader';
import { CHECKPOINT_FILE, isFile } from '../model/model-files';
import { ModelLoadError, ModelLoadErrorCode } from '../model/model-load.error';
import { createSampler } from '../generation/sampler';
import type { GenerationParams } from '../generation/generation-params';
import { TextStreamer } from '../generation/text-streamer';
import { type PromptPassage, buildPrompt } from '../generation/prompt-builder';
import type { BatchDecoder } from './batch-decoder';
import { EngineMetricsSnapshot } from './engine-metrics';
import {
  type ExecutionProvider,
  type InferenceDevice,
  providerCandidates,
  sessionOptionsFor,
} from './execution-provider';
import { ENGINE_ONNX_FILE, FusedBatchDecoder } from './fused-batch-decoder';
import { type EngineDtype, type EngineDtypeOption, chooseEngineGraph } from './weight-dtype';
import { checkpointEngineGraph } from '../onnx-graph/checkpoint-engine-graph';
import { derivedEngineGraph } from '../onnx-graph/derive-engine-graph';
import { GenerationResult, GenerationScheduler } from './generation-scheduler';
import { StandardBatchDecoder } from './standard-batch-decoder';

export interface InferenceEngineOptions {
  readonly device: InferenceDevice;
  /** onnxruntime intra-op threads on the CPU; 0 means one per CPU (see SessionRequest.cpuThreads). */
  readonly cpuThreads: number;
  /** Idle intra-op threads spin (default, faster) or sleep (for a worker sharing its cores). */
  readonly cpuSpinning?: boolean;
  readonly maxBatchSize: number;
  readonly maxQueued: number;
  /** Defaults to maxBatchSize x maxSequenceLength. */
  readonly maxTokensInFlight?: number;
  /** Defaults to the model's max_position_embeddings (capped at 2048 to bound cache memory). */
  readonly maxSequenceLength?: number;
  /**
   * `auto` uses the fused engine graph (onnx/model_engine.onnx) when the folder has one, the provider is the
   * CPU and no other ONNX file was asked for.
   */
  readonly decoder?: 'auto' | 'fused' | 'standard';
  /** The standard export to load, relative to the folder (e.g. onnx/model_quantized.onnx). */
  readonly onnxFile?: string;
  /**
   * Whether to place knowledge passages in the prompt; defaults to what the model's config says
   * (GptNeoConfig.knowledgePassages), for a model trained with them whose config does not say so.
   */
  readonly knowledgePassages?: boolean;
  /**
   * Weights of the fused graph: fp32 (default), int8 or int4 (quantized at first load and cached, see
   * preparedEngineGraph), or auto (the fastest that keeps quality, measured at load). Ignored by the standard decoder.
   */
  readonly weightDtype?: EngineDtypeOption;
  /** Where quantized graphs are cached; defaults to `.neodesk-cache` in the model folder. */
  readonly cacheDir?: string;
}

export interface EngineLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface PromptRequest {
  readonly promptIds: readonly number[];
  readonly params: GenerationParams;
  /** EOS is suppressed until this many tokens were generated (benchmarks: fixed-length replies). */
  readonly minNewTokens?: number;
  /** EOS is suppressed while the reply is blank (generateChat always sets it). */
  readonly requireVisibleText?: boolean;
  /** What the repetition penalty counts of the prompt (see ScheduledRequest.penaltyContext). */
  readonly penaltyContext?: readonly number[];
  readonly signal?: AbortSignal;
  /** Each piece of text with the log-probabilities of its tokens (see ScheduledRequest.onText). */
  readonly onText?: (delta: string, logprobs: readonly number[]) => void;
}

export interface ChatRequest {
  /** The system part kept in front of every prompt; null for none. */
  readonly persona: string | null;
  /** Oldest first; the last one is normally the customer's newest message. */
  readonly turns: readonly ChatTurn[];
  /** Knowledge-base passages to ground the reply in, best first (see buildPrompt). */
  readonly passages?: readonly PromptPassage[];
  readonly params: GenerationParams;
  readonly signal?: AbortSignal;
  /** Each piece of text with the log-probabilities of its tokens (see ScheduledRequest.onText). */
  readonly onText?: (delta: string, logprobs: readonly number[]) => void;
}

export interface EngineDescription {
  modelId: string;
  modelVersion: string;
  provider: ExecutionProvider;
  decoder: 'fused' | 'standard';
  /** The fused graph's weights (fp32 with the standard decoder: its file says what it holds). */
  weightDtype: EngineDtype;
  maxBatchSize: number;
  maxSequenceLength: number;
  vocabSize: number;
  /** Whether the model uses knowledge passages (GptNeoConfig.knowledgePassages); without, jobs' passages are left out. */
  knowledgePassages: boolean;
}

const MAX_DEFAULT_SEQUENCE = 2048;
/** What the load-time probe of `weightDtype: auto` asks the model. */
const PROBE_MESSAGE = 'Hello, I ordered a jacket last week and it has not arrived yet. Where is my order?';
const WARM_CACHE_POSITIONS = 128;

/**
 * One loaded GPT-Neo with its scheduler: the worker's whole inference side. Loading picks the
 * execution provider, checks the folder, warms up, and only then reports ready.
 */
export class InferenceEngine {
  private constructor(
    private readonly model: ModelFiles,
    private readonly decoder: BatchDecoder,
    private readonly scheduler: GenerationScheduler,
    readonly description: EngineDescription,
  ) {}

  static async load(folder: string, options: InferenceEngineOptions, logger: EngineLogger): Promise<InferenceEngine> {
    const { model, provider } = await loadWithProvider(folder, options, logger);
    const maxSequenceLength = Math.min(
      options.maxSequenceLength ?? Math.min(model.config.maxPositionEmbeddings, MAX_DEFAULT_SEQUENCE),
      model.config.maxPositionEmbeddings,
    );
    const wantFused = options.decoder ?? 'auto';
    let decoder: BatchDecoder;
    let kind: 'fused' | 'standard';
    let weightDtype: EngineDtype = 'fp32';
    // The engine graph holds the fp32 weights: an explicit other file (int8) keeps the standard decoder.
    const defaultFile = options.onnxFile === undefined || options.onnxFile === 'onnx/model.onnx';
    const useFused =
      model.decoder === undefined ||
      wantFused === 'fused' ||
      (wantFused === 'auto' && provider === 'cpu' && defaultFile);
    const engineSource = useFused ? await engineGraphSource(folder, model, options, wantFused, logger) : undefined;
    if (engineSource !== undefined) {
      const sessionOptions = sessionOptionsFor('cpu', {
        device: 'cpu',
        cpuThreads: options.cpuThreads,
        cpuSpinning: options.cpuSpinning,
      });
      const graph = await chooseEngineGraph(options.weightDtype ?? 'fp32', {
        folder,
        source: engineSource,
        config: model.config,
        cacheDir: options.cacheDir,
        sessionOptions,
        probePrompt: model.tokenizer.encodeChatPrompt([{ speaker: 'customer', text: PROBE_MESSAGE }]),
        maxBatchSize: options.maxBatchSize,
      });
      logger.log(`Engine graph: ${graph.summary}`);
      decoder = await FusedBatchDecoder.create(folder, {
        maxSequences: options.maxBatchSize,
        maxSequenceLength,
        engineFile: graph.file,
        sessionOptions,
      });
      kind = 'fused';
      weightDtype = graph.dtype;
      // The standard session was only needed to validate the folder; the fused graph has its own weights.
      await model.decoder?.session.release();
    } else if (model.decoder !== undefined) {
      decoder = new StandardBatchDecoder(model.decoder.session, model.config, {
        maxSequences: options.maxBatchSize,
        maxSequenceLength,
      });
      kind = 'standard';
    } else {
      throw new Error('unreachable: a checkpoint folder always gets an engine graph or a ModelLoadError');
    }
    const scheduler = new GenerationScheduler(decoder, {
      maxBatchSize: options.maxBatchSize,
      maxQueued: options.maxQueued,
      maxTokensInFlight: options.maxTokensInFlight ?? options.maxBatchSize * maxSequenceLength,
    });
    const engine = new InferenceEngine(model, decoder, scheduler, {
      modelId: modelIdOf(folder, model),
      modelVersion: await modelVersionOf(folder, model.onnxFile),
      provider,
      decoder: kind,
      weightDtype,
      maxBatchSize: options.maxBatchSize,
      maxSequenceLength,
      vocabSize: model.config.vocabSize,
      knowledgePassages: options.knowledgePassages ?? model.config.knowledgePassages,
    });
    const started = performance.now();
    await engine.warmUp();
    logger.log(
      `Model ${engine.description.modelId} (${engine.description.modelVersion}) ready on ${provider} with the ` +
        `${kind} decoder (${weightDtype}), batch ${options.maxBatchSize}, context ${maxSequenceLength}; warm-up ${Math.round(performance.now() - started)} ms`,
    );
    return engine;
  }

  get tokenizer(): LoadedModel['tokenizer'] {
    return this.model.tokenizer;
  }

  /** Generates from ready-made prompt ids (chat format already applied). */
  generate(request: PromptRequest): Promise<GenerationResult> {
    const { params } = request;
    return this.scheduler.generate({
      promptIds: request.promptIds,
      maxNewTokens: params.maxNewTokens,
      minNewTokens: request.minNewTokens,
      requireVisibleText: request.requireVisibleText,
      eosTokenId: this.model.config.eosTokenId,
      sampler: createSampler(params),
      penaltyContext: request.penaltyContext,
      streamer: new TextStreamer((ids) => this.model.tokenizer.decode(ids), params.stop, this.model.config.eosTokenId),
      signal: request.signal,
      onText: request.onText,
    });
  }

  /** Builds the chat prompt (persona kept, oldest turns dropped to fit) and generates the agent's reply. */
  async generateChat(request: ChatRequest): Promise<GenerationResult> {
    const maxPromptTokens = this.description.maxSequenceLength - request.params.maxNewTokens;
    const prompt = buildPrompt(
      {
        persona: request.persona,
        turns: request.turns,
        // A model trained without passages answers worse with them (see GptNeoConfig.knowledgePassages).
        passages: this.description.knowledgePassages ? request.passages : undefined,
        maxPromptTokens,
      },
      this.model.tokenizer,
    );
    // The chat format puts a space after "Agent:", so replies start with one: drop it from the stream and text.
    // The dropped space's token probabilities travel with the first text shown.
    let started = false;
    let held: number[] = [];
    const onText =
      request.onText === undefined
        ? undefined
        : (delta: string, logprobs: readonly number[]): void => {
            const shown = started ? delta : delta.trimStart();
            started ||= shown.length > 0;
            if (shown.length > 0) {
              request.onText?.(shown, held.length === 0 ? logprobs : [...held, ...logprobs]);
              held = [];
            } else {
              held = [...held, ...logprobs];
            }
          };
    // A chat reply is never empty: end-of-text waits for a visible character.
    // The repetition penalty counts the persona and the dialogue, not the passages the reply copies from.
    const { start, end } = prompt.passageTokens;
    const penaltyContext = end > start ? [...prompt.ids.slice(0, start), ...prompt.ids.slice(end)] : undefined;
    const result = await this.generate({
      ...request,
      promptIds: prompt.ids,
      penaltyContext,
      onText,
      requireVisibleText: true,
    });
    return { ...result, text: result.text.trimStart() };
  }

  metrics(): EngineMetricsSnapshot {
    return this.scheduler.metrics.snapshot();
  }

  /** Stops taking work; `drain` finishes what runs, `cancel` ends it at the next step. */
  async close(mode: 'drain' | 'cancel'): Promise<void> {
    await this.scheduler.close(mode);
    await this.decoder.dispose();
  }

  /**
   * A full batch of short requests through prefill and a few decode steps, after committing the cache
   * memory of typical chats: onnxruntime sizes its memory for the shapes it will see and the pages are
   * touched once, so the first burst of customers is not the slow one (a first concurrency-32 run on the
   * GPT-Neo-125M shape was ~20% slower after a one-request warm-up).
   */
  private async warmUp(): Promise<void> {
    // Most chats fit in 128 positions (prompt and reply): their cache memory is committed now.
    this.decoder.reserve?.(WARM_CACHE_POSITIONS);
    const promptIds = this.model.tokenizer.encodeChatPrompt([{ speaker: 'customer', text: 'Hello' }]);
    const params = { maxNewTokens: 3, temperature: 0, topK: 0, topP: 1, repetitionPenalty: 1, stop: [] };
    await Promise.all(
      Array.from({ length: this.description.maxBatchSize }, () =>
        this.generate({ promptIds, params, minNewTokens: params.maxNewTokens }),
      ),
    );
  }
}

async function loadWithProvider(
  folder: string,
  options: InferenceEngineOptions,
  logger: EngineLogger,
): Promise<{ model: ModelFiles & Partial<Pick<LoadedModel, 'decoder'>>; provider: ExecutionProvider }> {
  const { candidates: order, skipped } = providerCandidates(options.device);
  const loader = new ModelFolderLoader();
  if (options.onnxFile === undefined && (await isCheckpointOnlyFolder(folder))) {
    // A Hugging Face checkpoint without an ONNX export: served by the engine graph built from its weights,
    // which runs on the CPU; the standard decoder and the GPU providers need an export (tools/model/export.py).
    if (!order.includes('cpu') || options.decoder === 'standard') {
      throw new ModelLoadError(
        ModelLoadErrorCode.FileMissing,
        join(folder, 'onnx', 'model.onnx'),
        `missing: this folder is a checkpoint (${CHECKPOINT_FILE}) without an ONNX export, which runs only on the ` +
          'fused CPU decoder; export it with tools/model/export.py for the standard decoder or a GPU',
      );
    }
    return { model: await loader.loadCheckpoint(folder), provider: 'cpu' };
  }
  const failures = skipped.map((entry) => `${entry.provider} (${entry.reason})`);
  const layers = await layerCountOf(folder);
  for (const provider of order) {
    try {
      const model = await loader.load(folder, {
        onnxFile: options.onnxFile,
        sessionOptions: sessionOptionsFor(provider, {
          device: provider,
          cpuThreads: options.cpuThreads,
          cpuSpinning: options.cpuSpinning,
          deviceResidentOutputs: presentOutputs(layers),
        }),
      });
      if (failures.length > 0) {
        logger.warn(`Using ${provider}; not available: ${failures.join('; ')}`);
      }
      return { model, provider };
    } catch (error) {
      // A broken folder fails the same way on every provider: report it as it is.
      if (error instanceof ModelLoadError && error.code !== ModelLoadErrorCode.OnnxLoadFailed) {
        throw error;
      }
      failures.push(`${provider} (${error instanceof Error ? error.message : String(error)})`);
      if (provider === order[order.length - 1]) {
        throw error;
      }
    }
  }
  throw new Error('unreachable: no execution provider tried');
}

/** The KV-cache outputs, kept on the GPU between steps with WebGPU. */
function presentOutputs(layers: number): string[] {
  return Array.from({ length: layers }, (_, layer) => [`present.${layer}.key`, `present.${layer}.value`]).flat();
}

/**
 * The fused graph to serve from: the folder's onnx/model_engine.onnx, else one derived from its standard export
 * (derivedEngineGraph). Undefined when there is none and `auto` may fall back to the standard decoder.
 */
async function engineGraphSource(
  folder: string,
  model: ModelFiles,
  options: InferenceEngineOptions,
  wanted: 'auto' | 'fused' | 'standard',
  logger: EngineLogger,
): Promise<string | undefined> {
  const own = join(folder, ENGINE_ONNX_FILE);
  if (await isFile(own)) {
    return own;
  }
  if (model.onnxFile === CHECKPOINT_FILE) {
    const built = await checkpointEngineGraph(folder, model.config, await layerNormEpsilonOf(folder), {
      cacheDir: options.cacheDir,
    }).catch((error: unknown) => {
      throw new ModelLoadError(
        ModelLoadErrorCode.OnnxLoadFailed,
        join(folder, CHECKPOINT_FILE),
        `no engine graph could be built from it: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    });
    logger.log(
      built.built
        ? `Engine graph built from ${CHECKPOINT_FILE} in ${Math.round(built.ms)} ms, cached at ${built.path}`
        : `Engine graph built from ${CHECKPOINT_FILE}, from the cache at ${built.path}`,
    );
    return built.path;
  }
  try {
    const derived = await derivedEngineGraph(folder, model.config, await layerNormEpsilonOf(folder), {
      cacheDir: options.cacheDir,
      decoderFile: model.onnxFile,
    });
    logger.log(
      derived.built
        ? `Engine graph derived from ${model.onnxFile} in ${Math.round(derived.ms)} ms (checked against it), cached at ${derived.path}`
        : `Engine graph derived from ${model.onnxFile}, from the cache at ${derived.path}`,
    );
    return derived.path;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (wanted === 'fused') {
      throw new ModelLoadError(
        ModelLoadErrorCode.FileMissing,
        own,
        `missing from the model folder, and no engine graph could be derived from ${model.onnxFile}: ${reason}`,
        { cause: error },
      );
    }
    logger.warn(`No engine graph could be derived from ${model.onnxFile} (${reason}); using the standard decoder`);
    return undefined;
  }
}

/** config.json's layer_norm_epsilon (Hugging Face's default 1e-5 when absent). */
async function layerNormEpsilonOf(folder: string): Promise<number> {
  const config = JSON.parse(await readFile(join(folder, 'config.json'), 'utf8')) as { layer_norm_epsilon?: unknown };
  const value = config.layer_norm_epsilon;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 1e-5;
}

/** num_layers from config.json, read early for the session options; the loader validates the file fully. */
async function layerCountOf(folder: string): Promise<number> {
  try {
    const config = JSON.parse(await readFile(join(folder, 'config.json'), 'utf8')) as { num_layers?: unknown };
    return typeof config.num_layers === 'number' && Number.isInteger(config.num_layers) ? config.num_layers : 0;
  } catch {
    return 0;
  }
}

function modelIdOf(folder: string, model: ModelFiles): string {
  return basename(folder) || model.folder;
}

/** A short fingerprint of the files that define the model's behaviour, stored with every bot reply. */
async function modelVersionOf(folder: string, onnxFile: string): Promise<string> {
  const hash = createHash('sha256');
  for (const file of ['config.json', 'generation_config.json', 'tokenizer.json']) {
    hash.update(await readFile(join(folder, file)));
  }
  const onnx = await stat(join(folder, onnxFile));
  hash.update(`${onnx.size}`);
  return hash.digest('hex').slice(0, 12);
}
