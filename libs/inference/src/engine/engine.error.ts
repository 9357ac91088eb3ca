export enum EngineErrorCode {
  /** The queue is full: the caller should retry later or go elsewhere (another worker). */
  Busy = 'ENGINE_BUSY',
  /** The prompt cannot fit the model's context even after fitting. */
  PromptTooLong = 'ENGINE_PROMPT_TOO_LONG',
  /** The engine is shutting down and takes no new work. */
  Closed = 'ENGINE_CLOSED',
  /** onnxruntime failed while running a step. */
  RuntimeFailure = 'ENGINE_RUNTIME_FAILURE',
}

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EngineError';
  }
}
