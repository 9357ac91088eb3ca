import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseError, DatabaseErrorCode } from './database.error';

interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
}

const LOCK_FILE = 'neodesk.lock';

/**
 * Makes one process the owner of a data directory. PGlite has no multi-process locking of its own,
 * and two processes writing the same files would corrupt the database.
 */
export class DataDirLock {
  private released = false;
  private readonly onExit = (): void => this.release();

  private constructor(
    private readonly lockPath: string,
    private readonly owner: LockOwner,
  ) {
    // Removes the lock even when the process ends without a clean shutdown (uncaught error, exit()).
    process.once('exit', this.onExit);
  }

  static acquire(dataDir: string): DataDirLock {
    const lockPath = path.join(dataDir, LOCK_FILE);
    const owner: LockOwner = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString() };
    // Two tries: the second follows the removal of a lock left by a process that died.
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.writeFileSync(lockPath, JSON.stringify(owner), { flag: 'wx', mode: 0o600 });
        return new DataDirLock(lockPath, owner);
      } catch (error) {
        if (!isErrno(error, 'EEXIST')) {
          throw new DatabaseError(
            DatabaseErrorCode.DataDirUnusable,
            `Cannot create the lock file ${lockPath}: ${describe(error)}. Check that DATA_DIR is writable.`,
            { cause: error },
          );
        }
      }
      const holderText = readIfExists(lockPath);
      const holder = holderText === undefined ? undefined : parseOwner(holderText);
      if (holder !== undefined && isAlive(holder)) {
        throw new DatabaseError(
          DatabaseErrorCode.DataDirLocked,
          `DATA_DIR ${path.dirname(lockPath)} is in use by process ${holder.pid} (started ${holder.startedAt}). ` +
            'Only one Neodesk process may own an embedded database: stop the other one, ' +
            'set DATA_DIR to another folder, or set DATABASE_URL to use a PostgreSQL server.',
        );
      }
      // The holder is gone; remove its lock only if nobody replaced it in the meantime.
      if (holderText !== undefined && readIfExists(lockPath) === holderText) {
        fs.rmSync(lockPath, { force: true });
      }
    }
    throw new DatabaseError(
      DatabaseErrorCode.DataDirLocked,
      `DATA_DIR ${path.dirname(lockPath)} is being taken by another process at the same time; try again.`,
    );
  }

  release(): void {
    if (this.released) {
      return;
    }
    this.released = true;
    process.removeListener('exit', this.onExit);
    const current = readIfExists(this.lockPath);
    // Never remove a lock that another process now holds.
    if (current !== undefined && parseOwner(current)?.pid === this.owner.pid) {
      fs.rmSync(this.lockPath, { force: true });
    }
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && 'pid' in value && typeof value.pid === 'number') {
      const record = value as Partial<LockOwner>;
      return { pid: value.pid, hostname: record.hostname ?? '', startedAt: record.startedAt ?? 'unknown' };
    }
  } catch {
    // A torn or foreign file is treated as stale.
  }
  return undefined;
}

function isAlive(owner: LockOwner): boolean {
  if (owner.hostname !== '' && owner.hostname !== os.hostname()) {
    // A lock from another host (a shared volume) cannot be checked from here: respect it.
    return true;
  }
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return isErrno(error, 'EPERM');
  }
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) {
      return undefined;
    }
    throw error;
  }
}

// Duck-typed: errors from Node's fs may come from another realm (vm contexts), failing instanceof Error.
function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}

function describe(error: unknown): string {
  return typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
}
