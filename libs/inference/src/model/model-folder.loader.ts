import { stat } from 'node:fs/promises';
import { join } from 'node:path';

import { HfTokenizer, Tokenizer } from './tokenizers-module';
import { InferenceSession } from 'onnxruntime-node';

import { GenerationConfig, GptNeoConfig, parseGenerationConfig, parseGptNeoConfig } from './gpt-neo-config';
import { DECODER_INPUTS, GptNeoDecoder, pastKeyName, presentName } from './gpt-neo-decoder';
import { END_OF_TEXT, GptNeoTokenizer } from './gpt-neo-tokenizer';
import { ModelLoadError, ModelLoadErrorCode } from './model-load.error';
import { CHECKPOINT_FILE, isFile, readModelJson } from './model-files';
import { interfaceProblems } from './onnx-interface';

/** Files a model folder must have, laid out as Hugging Face / transformers.js exports are. */
export const REQUIRED_MODEL_FILES = [
  'config.json',
  'generation_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'onnx/model.onnx',
] as const;

/**
 * Where exports put the decoder, in order of preference: optimum / transformers.js layout, a bare export,
 * and optimum's merged decoder (one graph with a `use_cache_branch` input). Weights over 2 GB sit in an
 * external-data file next to it (model.onnx_data), which onnxruntime reads by itself.
 */
export const DECODER_FILE_CANDIDATES = [
  'onnx/model.onnx',
  'model.onnx',
  'onnx/decoder_model_merged.onnx',
  'decoder_model_merged.onnx',
] as const;

const OPTIONAL_DECODER_INPUTS = ['position_ids', 'use_cache_branch'] as const;

/** The first of DECODER_FILE_CANDIDATES the folder has, if any. */
async function existingDecoderFile(folder: string): Promise<string | undefined> {
  for (const candidate of DECODER_FILE_CANDIDATES) {
    if (await isFile(join(folder, candidate))) {
      return candidate;
    }
  }
  return undefined;
}

async function findDecoderFile(folder: string): Promise<string> {
  // None: reported by the missing-files check with the usual message.
  return (await existingDecoderFile(folder)) ?? DECODER_FILE_CANDIDATES[0];
}

export interface ModelLoadOptions {
  /** ONNX file inside the folder; 'onnx/model_quantized.onnx' selects the int8 variant. */
  readonly onnxFile?: string;
  readonly sessionOptions?: InferenceSession.SessionOptions;
}

/** A model folder's checked files, without a decoder session. */
export interface ModelFiles {
  readonly folder: string;
  /** The decoder file used (or, for a checkpoint folder, model.safetensors), relative to the folder. */
  readonly onnxFile: string;
  readonly config: GptNeoConfig;
  readonly generation: GenerationConfig;
  readonly tokenizer: GptNeoTokenizer;
}

export interface LoadedModel extends ModelFiles {
  readonly decoder: GptNeoDecoder;
}

/**
 * Whether the folder is a Hugging Face checkpoint without any ONNX export (config.json and model.safetensors,
 * as `save_pretrained` writes them): the engine then builds its fused graph from the checkpoint.
 */
export async function isCheckpointOnlyFolder(folder: string): Promise<boolean> {
  return (await existingDecoderFile(folder)) === undefined && isFile(join(folder, CHECKPOINT_FILE));
}

async function readJson(folder: string, file: string, code: ModelLoadErrorCode): Promise<unknown> {
  return readModelJson(join(folder, file), code);
}

/**
 * Loads and checks a GPT-Neo model folder (config.json, generation_config.json, tokenizer files,
 * onnx/model.onnx with optimum's decoder-with-past interface), so a broken or mismatched folder
 * fails at startup with a ModelLoadError instead of producing garbage at the first request.
 */
export class ModelFolderLoader {
  async load(folder: string, options: ModelLoadOptions = {}): Promise<LoadedModel> {
    const onnxFile = options.onnxFile ?? (await findDecoderFile(folder));
    const files = await this.loadFiles(folder, onnxFile);
    const session = await this.createSession(join(folder, onnxFile), options.sessionOptions);
    try {
      this.checkInterface(session, files.config, join(folder, onnxFile));
    } catch (error) {
      await session.release();
      throw error;
    }
    return { ...files, decoder: new GptNeoDecoder(session, files.config) };
  }

  /**
   * A Hugging Face checkpoint folder (model.safetensors instead of an ONNX export), checked like any model
   * folder; its weights are read when the engine builds its graph from them (checkpointEngineGraph).
   */
  loadCheckpoint(folder: string): Promise<ModelFiles> {
    return this.loadFiles(folder, CHECKPOINT_FILE);
  }

  private async loadFiles(folder: string, weightsFile: string): Promise<ModelFiles> {
    try {
      if (!(await stat(folder)).isDirectory()) {
        throw new Error('not a directory');
      }
    } catch (error) {
      throw new ModelLoadError(
        ModelLoadErrorCode.FolderNotFound,
        folder,
        'model folder does not exist or is not a directory',
        { cause: error },
      );
    }
    const required = [...REQUIRED_MODEL_FILES.filter((f) => f !== 'onnx/model.onnx'), weightsFile];
    const missing: string[] = [];
    for (const file of required) {
      if (!(await isFile(join(folder, file)))) {
        missing.push(file);
      }
    }
    if (missing.length > 0) {
      throw new ModelLoadError(
        ModelLoadErrorCode.FileMissing,
        join(folder, missing[0]),
        `missing from the model folder (missing: ${missing.join(', ')})`,
      );
    }

    const configFile = join(folder, 'config.json');
    const config = parseGptNeoConfig(
      await readJson(folder, 'config.json', ModelLoadErrorCode.InvalidConfig),
      configFile,
    );
    const generation = parseGenerationConfig(
      await readJson(folder, 'generation_config.json', ModelLoadErrorCode.InvalidConfig),
      config,
      join(folder, 'generation_config.json'),
    );
    const tokenizer = await this.loadTokenizer(folder, config);
    return { folder, onnxFile: weightsFile, config, generation, tokenizer };
  }

  private async loadTokenizer(folder: string, config: GptNeoConfig): Promise<GptNeoTokenizer> {
    const file = join(folder, 'tokenizer.json');
    const json = await readJson(folder, 'tokenizer.json', ModelLoadErrorCode.InvalidTokenizer);
    const tokenizerConfig = await readJson(folder, 'tokenizer_config.json', ModelLoadErrorCode.InvalidTokenizer);
    if (typeof json !== 'object' || json === null || typeof tokenizerConfig !== 'object' || tokenizerConfig === null) {
      throw new ModelLoadError(
        ModelLoadErrorCode.InvalidTokenizer,
        file,
        'tokenizer.json and tokenizer_config.json must hold JSON objects',
      );
    }
    let tokenizer: HfTokenizer;
    try {
      tokenizer = new Tokenizer(json, tokenizerConfig);
    } catch (error) {
      throw new ModelLoadError(
        ModelLoadErrorCode.InvalidTokenizer,
        file,
        `cannot be loaded as a tokenizer (${String(error)})`,
        { cause: error },
      );
    }
    const wrapped = new GptNeoTokenizer(tokenizer, config.eosTokenId);
    if (wrapped.vocabSize !== config.vocabSize) {
      throw new ModelLoadError(
        ModelLoadErrorCode.VocabSizeMismatch,
        file,
        `has ${wrapped.vocabSize} tokens but config.json says vocab_size ${config.vocabSize}`,
      );
    }
    if (wrapped.tokenToId(END_OF_TEXT) !== config.eosTokenId) {
      throw new ModelLoadError(
        ModelLoadErrorCode.InvalidTokenizer,
        file,
        `${END_OF_TEXT} has id ${String(wrapped.tokenToId(END_OF_TEXT))}, but config.json says eos_token_id ${config.eosTokenId}`,
      );
    }
    return wrapped;
  }

  private async createSession(
    path: string,
    sessionOptions?: InferenceSession.SessionOptions,
  ): Promise<InferenceSession> {
    try {
      return await InferenceSession.create(path, sessionOptions);
    } catch (error) {
      throw new ModelLoadError(
        ModelLoadErrorCode.OnnxLoadFailed,
        path,
        `onnxruntime cannot load it (${String(error)})`,
        { cause: error },
      );
    }
  }

  private checkInterface(session: InferenceSession, config: GptNeoConfig, file: string): void {
    const presentKeys = session.outputNames.filter((n) => /^present\.\d+\.key$/.test(n)).length;
    if (presentKeys !== config.numLayers) {
      throw new ModelLoadError(
        ModelLoadErrorCode.LayerCountMismatch,
        file,
        `has ${presentKeys} present.*.key outputs but config.json says num_layers ${config.numLayers}`,
      );
    }
    // position_ids (older exports lack it) and use_cache_branch (merged decoders) are optional.
    const optionalInputs = OPTIONAL_DECODER_INPUTS.filter((n) => session.inputNames.includes(n));
    const expectedInputs: string[] = [...DECODER_INPUTS.filter((n) => n !== 'position_ids'), ...optionalInputs];
    const expectedOutputs = ['logits'];
    for (let layer = 0; layer < config.numLayers; layer++) {
      for (const kind of ['key', 'value'] as const) {
        expectedInputs.push(pastKeyName(layer, kind));
        expectedOutputs.push(presentName(layer, kind));
      }
    }
    const problems = interfaceProblems(session, expectedInputs, expectedOutputs);
    if (problems.length > 0) {
      throw new ModelLoadError(
        ModelLoadErrorCode.OnnxInterfaceMismatch,
        file,
        `is not a decoder-with-past export (optimum's text-generation-with-past): ${problems.join('; ')}`,
      );
    }
    const logits = session.outputMetadata.find((m) => m.name === 'logits');
    const vocab = logits?.isTensor ? logits.shape[2] : undefined;
    if (typeof vocab === 'number' && vocab !== config.vocabSize) {
      throw new ModelLoadError(
        ModelLoadErrorCode.VocabSizeMismatch,
        file,
        `produces logits over ${vocab} tokens but config.json says vocab_size ${config.vocabSize}`,
      );
    }
    const pastKey = session.inputMetadata.find((m) => m.name === pastKeyName(0, 'key'));
    if (pastKey?.isTensor) {
      const [, heads, , headDim] = pastKey.shape;
      if (
        (typeof heads === 'number' && heads !== config.numHeads) ||
        (typeof headDim === 'number' && headDim !== config.headDim)
      ) {
        throw new ModelLoadError(
          ModelLoadErrorCode.OnnxInterfaceMismatch,
          file,
          `past_key_values.0.key is [${pastKey.shape.join(', ')}], config.json implies [batch, ${config.numHeads}, past, ${config.headDim}]`,
        );
      }
    }
  }
}
