/** Why the `/worker` namespace refused a worker or one of its events. */
export enum WorkerErrorCode {
  Unauthorized = 'UNAUTHORIZED',
  NotRegistered = 'NOT_REGISTERED',
}

export class WorkerError extends Error {
  constructor(
    readonly code: WorkerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WorkerError';
  }
}
