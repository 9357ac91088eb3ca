export enum RateLimitErrorCode {
  TooManyRequests = 'RATE_LIMITED',
}

export class RateLimitError extends Error {
  constructor(
    readonly code: RateLimitErrorCode,
    message: string,
    /** Whole seconds until a retry can pass; sent as Retry-After. */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'RateLimitError';
  }
}
