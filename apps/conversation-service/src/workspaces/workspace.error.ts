export enum WorkspaceErrorCode {
  NotFound = 'WORKSPACE_NOT_FOUND',
  InvalidName = 'WORKSPACE_INVALID_NAME',
  InvalidOrigin = 'WORKSPACE_INVALID_ORIGIN',
}

export class WorkspaceError extends Error {
  constructor(
    readonly code: WorkspaceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WorkspaceError';
  }
}
