export enum DatabaseErrorCode {
  DataDirLocked = 'DATA_DIR_LOCKED',
  DataDirUnusable = 'DATA_DIR_UNUSABLE',
  Unreachable = 'DATABASE_UNREACHABLE',
  MigrationFailed = 'MIGRATION_FAILED',
  BackupFailed = 'BACKUP_FAILED',
}

/** A start-up problem with the database that the operator must fix; the message says how. */
export class DatabaseError extends Error {
  constructor(
    readonly code: DatabaseErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DatabaseError';
  }
}
