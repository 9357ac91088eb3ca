export enum RateLimitErrorCode {
  TooManyRequests = 'RATE_LIMITED',
  /** Too many failed logins for one account (whoever sent them): it is locked for a while. */
  LoginLocked = 'LOGIN_LOCKED',
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
