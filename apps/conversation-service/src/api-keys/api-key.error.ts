export enum ApiKeyErrorCode {
  NotFound = 'API_KEY_NOT_FOUND',
  InvalidExpiry = 'API_KEY_INVALID_EXPIRY',
}

export class ApiKeyError extends Error {
  constructor(
    readonly code: ApiKeyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiKeyError';
  }
}
