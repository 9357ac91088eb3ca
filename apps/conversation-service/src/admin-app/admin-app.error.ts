export enum AdminAppErrorCode {
  NotBuilt = 'ADMIN_NOT_BUILT',
  NotFound = 'ADMIN_FILE_NOT_FOUND',
}

export class AdminAppError extends Error {
  constructor(
    readonly code: AdminAppErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AdminAppError';
  }
}
