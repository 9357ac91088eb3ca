/** Why generation input was refused; stable strings that a transport maps to its own error shapes. */
export enum GenerationErrorCode {
  InvalidParameters = 'INVALID_PARAMETERS',
  PromptTooLong = 'PROMPT_TOO_LONG',
}

/** Thrown by the generation building blocks; `field` names the offending parameter when there is one. */
export class GenerationError extends Error {
  constructor(
    readonly code: GenerationErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = GenerationError.name;
  }
}
