import { ModelLoadError, ModelLoadErrorCode } from './model-load.error';

export type AttentionType = 'global' | 'local';

/** The parts of a Hugging Face GPT-Neo config.json that inference needs. */
export interface GptNeoConfig {
  readonly vocabSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly numHeads: number;
  readonly headDim: number;
  readonly maxPositionEmbeddings: number;
  readonly windowSize: number;
  readonly attentionLayers: readonly AttentionType[];
  readonly bosTokenId: number;
  readonly eosTokenId: number;
  /**
   * Whether the model was trained with knowledge passages in its prompt (`Article: {title}: {text}` turns):
   * the config's `neodesk_knowledge_passages`, false when absent. A model trained without them answers worse
   * when given them, so the worker leaves them out.
   */
  readonly knowledgePassages: boolean;
}

/** generation_config.json, with GPT-Neo's defaults where a field is absent. */
export interface GenerationConfig {
  readonly bosTokenId: number;
  readonly eosTokenId: number;
  readonly padTokenId: number;
  readonly maxNewTokens: number | null;
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function positiveInt(raw: Json, key: string, file: string): number {
  const value = raw[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ModelLoadError(
      ModelLoadErrorCode.InvalidConfig,
      file,
      `"${key}" must be a positive integer, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function optionalTokenId(raw: Json, key: string, fallback: number, file: string): number {
  const value = raw[key];
  if (value === undefined || value === null) {
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ModelLoadError(
      ModelLoadErrorCode.InvalidConfig,
      file,
      `"${key}" must be a token id, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

// HF writes both the compact attention_types ([[["global","local"], 6]]) and the expanded list.
function attentionLayers(raw: Json, numLayers: number, file: string): AttentionType[] {
  const isType = (v: unknown): v is AttentionType => v === 'global' || v === 'local';
  let layers: AttentionType[] = [];
  if (Array.isArray(raw.attention_layers) && raw.attention_layers.length > 0) {
    if (!raw.attention_layers.every(isType)) {
      throw new ModelLoadError(
        ModelLoadErrorCode.InvalidConfig,
        file,
        '"attention_layers" may only contain "global" and "local"',
      );
    }
    layers = raw.attention_layers;
  } else if (Array.isArray(raw.attention_types)) {
    for (const entry of raw.attention_types as unknown[]) {
      const [pattern, repeats] = Array.isArray(entry) ? (entry as unknown[]) : [];
      if (!Array.isArray(pattern) || !pattern.every(isType) || typeof repeats !== 'number') {
        throw new ModelLoadError(
          ModelLoadErrorCode.InvalidConfig,
          file,
          '"attention_types" must look like [[["global", "local"], 6]]',
        );
      }
      for (let i = 0; i < repeats; i++) {
        layers.push(...pattern);
      }
    }
  }
  if (layers.length !== numLayers) {
    throw new ModelLoadError(
      ModelLoadErrorCode.InvalidConfig,
      file,
      `attention layout has ${layers.length} entries but "num_layers" is ${numLayers}`,
    );
  }
  return layers;
}

/** Validates a parsed config.json; `file` is only used in error messages. */
export function parseGptNeoConfig(raw: unknown, file: string): GptNeoConfig {
  if (!isRecord(raw)) {
    throw new ModelLoadError(ModelLoadErrorCode.InvalidConfig, file, 'must be a JSON object');
  }
  if (raw.model_type !== 'gpt_neo') {
    throw new ModelLoadError(
      ModelLoadErrorCode.UnsupportedModelType,
      file,
      `"model_type" is ${JSON.stringify(raw.model_type)}, expected "gpt_neo"`,
    );
  }
  const hiddenSize = positiveInt(raw, 'hidden_size', file);
  const numHeads = positiveInt(raw, 'num_heads', file);
  const numLayers = positiveInt(raw, 'num_layers', file);
  if (hiddenSize % numHeads !== 0) {
    throw new ModelLoadError(
      ModelLoadErrorCode.InvalidConfig,
      file,
      `"hidden_size" ${hiddenSize} is not divisible by "num_heads" ${numHeads}`,
    );
  }
  const eosTokenId = optionalTokenId(raw, 'eos_token_id', 50256, file);
  return {
    vocabSize: positiveInt(raw, 'vocab_size', file),
    hiddenSize,
    numLayers,
    numHeads,
    headDim: hiddenSize / numHeads,
    maxPositionEmbeddings: positiveInt(raw, 'max_position_embeddings', file),
    windowSize: raw.window_size === undefined ? 256 : positiveInt(raw, 'window_size', file),
    attentionLayers: attentionLayers(raw, numLayers, file),
    bosTokenId: optionalTokenId(raw, 'bos_token_id', eosTokenId, file),
    eosTokenId,
    knowledgePassages: optionalBoolean(raw, 'neodesk_knowledge_passages', false, file),
  };
}

function optionalBoolean(raw: Json, key: string, fallback: boolean, file: string): boolean {
  const value = raw[key];
  if (value === undefined || value === null) {
    return fallback;
  }
  if (typeof value !== 'boolean') {
    throw new ModelLoadError(
      ModelLoadErrorCode.InvalidConfig,
      file,
      `"${key}" must be true or false, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** Validates a parsed generation_config.json against the model config. */
export function parseGenerationConfig(raw: unknown, model: GptNeoConfig, file: string): GenerationConfig {
  if (!isRecord(raw)) {
    throw new ModelLoadError(ModelLoadErrorCode.InvalidConfig, file, 'must be a JSON object');
  }
  const eosTokenId = optionalTokenId(raw, 'eos_token_id', model.eosTokenId, file);
  const maxNewTokens =
    raw.max_new_tokens === undefined || raw.max_new_tokens === null ? null : positiveInt(raw, 'max_new_tokens', file);
  const config = {
    bosTokenId: optionalTokenId(raw, 'bos_token_id', model.bosTokenId, file),
    eosTokenId,
    padTokenId: optionalTokenId(raw, 'pad_token_id', eosTokenId, file),
    maxNewTokens,
  };
  for (const [key, id] of Object.entries(config)) {
    if (key !== 'maxNewTokens' && id !== null && id >= model.vocabSize) {
      throw new ModelLoadError(
        ModelLoadErrorCode.InvalidConfig,
        file,
        `${key} ${id} is outside the vocabulary (${model.vocabSize})`,
      );
    }
  }
  return config;
}
