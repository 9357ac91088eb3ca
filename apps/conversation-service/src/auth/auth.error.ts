export enum AuthErrorCode {
  InvalidCredentials = 'AUTH_INVALID_CREDENTIALS',
  InvalidToken = 'AUTH_INVALID_TOKEN',
  /** No `Authorization: Bearer ...` on a route that is not public. */
  MissingCredentials = 'AUTH_MISSING_CREDENTIALS',
  /** Unknown, revoked or expired API key. */
  InvalidApiKey = 'AUTH_INVALID_API_KEY',
  /** Authenticated, but the key or role lacks the route's scope. */
  InsufficientScope = 'AUTH_INSUFFICIENT_SCOPE',
  /** Unknown, expired, revoked or already used refresh token. */
  InvalidRefreshToken = 'AUTH_INVALID_REFRESH_TOKEN',
}

export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}
