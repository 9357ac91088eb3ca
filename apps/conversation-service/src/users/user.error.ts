export enum UserErrorCode {
  InvalidEmail = 'USER_INVALID_EMAIL',
  EmailTaken = 'USER_EMAIL_TAKEN',
  WeakPassword = 'USER_WEAK_PASSWORD',
  InvalidName = 'USER_INVALID_NAME',
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
