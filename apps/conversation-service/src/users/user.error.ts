export enum UserErrorCode {
  InvalidEmail = 'USER_INVALID_EMAIL',
  EmailTaken = 'USER_EMAIL_TAKEN',
  WeakPassword = 'USER_WEAK_PASSWORD',
  InvalidName = 'USER_INVALID_NAME',
  NotFound = 'USER_NOT_FOUND',
  /** The change would leave the workspace without an active admin. */
  LastAdmin = 'USER_LAST_ADMIN',
}

export class UserError extends Error {
  constructor(
    readonly code: UserErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
