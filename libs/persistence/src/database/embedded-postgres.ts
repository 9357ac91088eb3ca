import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { DataDirLock } from './data-dir-lock';
import { BackupEndpoint, archiveOf } from './embedded-backup';
import { DatabaseError, DatabaseErrorCode } from './database.error';

/**
 * PostgreSQL compiled to WebAssembly (PGlite), kept under a data directory and served on a loopback
 * port over the ordinary wire protocol, so the service uses the same pg driver and migrations as
 * with a real server.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly lock: DataDirLock,
    private readonly backups: BackupEndpoint,
    /** Connection URL on 127.0.0.1; there is no password because only this process can reach it. */
    readonly url: string,
  ) {}

  static async start(dataDir: string, options: { maxConnections: number }): Promise<EmbeddedPostgres> {
    try {
      fs.mkdirSync(dataDir, { recursive: true });
    } catch (error) {
      throw new DatabaseError(
        DatabaseErrorCode.DataDirUnusable,
        `Cannot create DATA_DIR ${dataDir}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    const lock = DataDirLock.acquire(dataDir);
    let db: PGlite | undefined;
    try {
      db = await PGlite.create(path.join(dataDir, 'pgdata'));
      const server = new PGLiteSocketServer({
        db,
        host: '127.0.0.1',
        port: 0,
        maxConnections: options.maxConnections,
      });
      await server.start();
      // `npm run backup` asks this process for a consistent copy while it keeps serving (embedded-backup.ts).
      const pglite = db;
      const backups = await BackupEndpoint.listen(dataDir, () => archiveOf(pglite));
      return new EmbeddedPostgres(db, server, lock, backups, `postgres://postgres@${server.getServerConn()}/postgres`);
    } catch (error) {
      await db?.close().catch(() => undefined);
      lock.release();
      throw new DatabaseError(
        DatabaseErrorCode.DataDirUnusable,
        `Cannot open the embedded database in ${dataDir}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }

  async stop(): Promise<void> {
    try {
      await this.backups.close();
      await this.server.stop();
      await this.db.close();
    } finally {
      this.lock.release();
    }
  }
}
