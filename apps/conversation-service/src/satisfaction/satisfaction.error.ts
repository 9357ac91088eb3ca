export enum SatisfactionErrorCode {
  NotFound = 'SATISFACTION_NOT_FOUND',
}

export class SatisfactionError extends Error {
  constructor(
    readonly code: SatisfactionErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SatisfactionError';
  }
}
