/** Why a model folder could not be loaded; stable strings for logs and health output. */
export enum ModelLoadErrorCode {
  FolderNotFound = 'MODEL_FOLDER_NOT_FOUND',
  FileMissing = 'MODEL_FILE_MISSING',
  InvalidConfig = 'MODEL_INVALID_CONFIG',
  UnsupportedModelType = 'MODEL_UNSUPPORTED_MODEL_TYPE',
  InvalidTokenizer = 'MODEL_INVALID_TOKENIZER',
  VocabSizeMismatch = 'MODEL_VOCAB_SIZE_MISMATCH',
  OnnxLoadFailed = 'MODEL_ONNX_LOAD_FAILED',
  OnnxInterfaceMismatch = 'MODEL_ONNX_INTERFACE_MISMATCH',
  LayerCountMismatch = 'MODEL_LAYER_COUNT_MISMATCH',
}

/** Thrown by ModelFolderLoader; the message names the file and what is wrong with it. */
export class ModelLoadError extends Error {
  constructor(
    readonly code: ModelLoadErrorCode,
    readonly file: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${detail}`, options);
    this.name = ModelLoadError.name;
  }
}
