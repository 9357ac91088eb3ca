import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { DataDirLock } from './data-dir-lock';
import { DatabaseError, DatabaseErrorCode } from './database.error';

/**
 * The local backup endpoint of a running embedded database: a Unix socket in the data directory, so
 * only who can open the data directory (its owner) can ask for a copy of it. Nothing listens on a port.
 */
export const BACKUP_SOCKET = 'neodesk-backup.sock';
const PGDATA = 'pgdata';

/** How a backup was taken: from the running service, or from the data directory with no service on it. */
export interface BackupArchive {
  archive: Buffer;
  online: boolean;
}

/**
 * Serves `backup` requests on `<dataDir>/neodesk-backup.sock`: the answer is one JSON header line
 * (`{"ok":true,"bytes":N}` or `{"ok":false,"error":"..."}`) followed by the archive's N bytes.
 */
export class BackupEndpoint {
  private constructor(
    private readonly server: net.Server,
    private readonly socketPath: string,
  ) {}

  static async listen(dataDir: string, dump: () => Promise<Buffer>): Promise<BackupEndpoint> {
    const socketPath = path.join(dataDir, BACKUP_SOCKET);
    // A socket left by a process that died: the caller holds the data dir lock, so it is nobody's.
    fs.rmSync(socketPath, { force: true });
    const server = net.createServer((socket) => {
      socket.on('error', () => socket.destroy());
      socket.once('data', (request) => {
        if (request.toString('utf8').trim() !== 'backup') {
          socket.end(`${JSON.stringify({ ok: false, error: 'unknown request: send "backup"' })}\n`);
          return;
        }
        dump().then(
          (archive) => {
            socket.write(`${JSON.stringify({ ok: true, bytes: archive.length })}\n`);
            socket.end(archive);
          },
          (error: unknown) => socket.end(`${JSON.stringify({ ok: false, error: messageOf(error) })}\n`),
        );
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });
    fs.chmodSync(socketPath, 0o600);
    return new BackupEndpoint(server, socketPath);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    fs.rmSync(this.socketPath, { force: true });
  }
}

/**
 * A consistent copy of the embedded database in `dataDir`, as a gzipped tar of its PGlite data directory.
 * With the service running, it asks the service (PGlite takes the copy between two statements, so it is a
 * crash-consistent snapshot: every committed transaction is in it, none half-done); otherwise it opens
 * the data directory itself, under the same lock the service takes.
 */
export async function backupEmbedded(dataDir: string): Promise<BackupArchive> {
  const online = await requestOnlineBackup(path.join(dataDir, BACKUP_SOCKET));
  if (online !== undefined) {
    return { archive: online, online: true };
  }
  if (!fs.existsSync(path.join(dataDir, PGDATA, 'PG_VERSION'))) {
    throw new DatabaseError(DatabaseErrorCode.DataDirUnusable, `${dataDir} holds no embedded database to back up`);
  }
  const lock = DataDirLock.acquire(dataDir);
  try {
    const db = await PGlite.create(path.join(dataDir, PGDATA));
    try {
      return { archive: await archiveOf(db), online: false };
    } finally {
      await db.close();
    }
  } finally {
    lock.release();
  }
}

/** Unpacks a backup into `dataDir`, which must not hold a database yet; checks that it opens. */
export async function restoreEmbedded(dataDir: string, archive: Buffer): Promise<void> {
  const pgdata = path.join(dataDir, PGDATA);
  if (fs.existsSync(pgdata) && fs.readdirSync(pgdata).length > 0) {
    throw new DatabaseError(
      DatabaseErrorCode.DataDirUnusable,
      `${dataDir} already holds a database: restore into an empty DATA_DIR (move the old one aside first)`,
    );
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const lock = DataDirLock.acquire(dataDir);
  try {
    let db: PGlite;
    try {
      db = await PGlite.create(pgdata, { loadDataDir: new Blob([new Uint8Array(archive)]) });
    } catch (error) {
      fs.rmSync(pgdata, { recursive: true, force: true });
      throw new DatabaseError(DatabaseErrorCode.BackupFailed, `Not a usable backup: ${messageOf(error)}`, {
        cause: error,
      });
    }
    try {
      await db.query('SELECT count(*) FROM typeorm_migrations');
    } finally {
      await db.close();
    }
  } finally {
    lock.release();
  }
}

export async function archiveOf(db: PGlite): Promise<Buffer> {
  const file = await db.dumpDataDir('gzip');
  return Buffer.from(await file.arrayBuffer());
}

/** The archive from a running service, or undefined when none listens on the socket. */
async function requestOnlineBackup(socketPath: string): Promise<Buffer | undefined> {
  if (!fs.existsSync(socketPath)) {
    return undefined;
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.createConnection(socketPath, () => socket.write('backup\n'));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED' || error.code === 'ENOENT') {
        resolve(undefined);
      } else {
        reject(error);
      }
    });
    socket.on('end', () => {
      const answer = Buffer.concat(chunks);
      const newline = answer.indexOf(0x0a);
      const header = JSON.parse(answer.subarray(0, newline).toString('utf8')) as
        { ok: true; bytes: number } | { ok: false; error: string };
      if (!header.ok) {
        reject(new DatabaseError(DatabaseErrorCode.BackupFailed, `The service could not back up: ${header.error}`));
        return;
      }
      const archive = answer.subarray(newline + 1);
      if (archive.length !== header.bytes) {
        reject(
          new DatabaseError(
            DatabaseErrorCode.BackupFailed,
            `The backup ended after ${archive.length} of ${header.bytes} bytes`,
          ),
        );
        return;
      }
      resolve(archive);
    });
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
