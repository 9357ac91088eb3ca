import { setTimeout as sleep } from 'node:timers/promises';
import type { DatabaseConfig } from '@neodesk/config';
import { redactUrl } from '@neodesk/config';
import { MIGRATIONS } from '@neodesk/migrations';
import { DataSource } from 'typeorm';
import { ENTITIES } from '../entities';
import { DatabaseError, DatabaseErrorCode } from './database.error';
import { EmbeddedPostgres } from './embedded-postgres';

/**
 * One connection to the embedded server. PGlite runs one query at a time anyway, and pglite-socket keeps
 * only transactions apart: outside one, the extended-protocol messages (parse, bind, execute) of two
 * connections can interleave and fail ("portal does not exist"). One pooled connection serializes them.
 * Code inside UnitOfWork.run must use its `tx` repositories only (it always does): a second connection
 * would wait for the first.
 */
const EMBEDDED_POOL_SIZE = 1;

export interface DatabaseEvents {
  embeddedStarted?(dataDir: string): void;
  connectFailed?(attempt: number, of: number, reason: string): void;
  migrationsApplied?(names: string[]): void;
}

/** An open connection pool, plus the embedded server behind it when there is one. */
export class OpenDatabase {
  constructor(
    readonly dataSource: DataSource,
    readonly kind: DatabaseConfig['kind'],
    private readonly embedded: EmbeddedPostgres | undefined,
  ) {}

  async close(): Promise<void> {
    try {
      if (this.dataSource.isInitialized) {
        await this.dataSource.destroy();
      }
    } finally {
      await this.embedded?.stop();
    }
  }
}

export function createDataSource(url: string, poolSize: number, connectTimeoutMs: number): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    applicationName: 'neodesk',
    extra: { max: poolSize, connectionTimeoutMillis: connectTimeoutMs },
  });
}

/**
 * Connects to PostgreSQL (starting the embedded one when no DATABASE_URL is set), retrying a bounded
 * number of times, and applies pending migrations when asked. Every failure is a DatabaseError whose
 * message tells the operator what to fix.
 */
export async function openDatabase(
  config: DatabaseConfig,
  options: { runMigrations: boolean; events?: DatabaseEvents },
): Promise<OpenDatabase> {
  const events = options.events ?? {};
  let embedded: EmbeddedPostgres | undefined;
  let dataSource: DataSource;
  let retries: number;
  if (config.kind === 'embedded') {
    embedded = await EmbeddedPostgres.start(config.dataDir, { maxConnections: EMBEDDED_POOL_SIZE + 2 });
    events.embeddedStarted?.(config.dataDir);
    dataSource = createDataSource(embedded.url, EMBEDDED_POOL_SIZE, 10_000);
    retries = 0;
  } else {
    dataSource = createDataSource(config.url, config.poolSize, config.connectTimeoutMs);
    retries = config.connectRetries;
  }
  const database = new OpenDatabase(dataSource, config.kind, embedded);
  try {
    await connectWithRetries(dataSource, retries, events);
    if (options.runMigrations) {
      await applyMigrations(dataSource, events);
    }
    return database;
  } catch (error) {
    await database.close().catch(() => undefined);
    if (error instanceof DatabaseError) {
      throw error;
    }
    const where =
      config.kind === 'external' ? `the PostgreSQL server at ${redactUrl(config.url)}` : 'the embedded database';
    throw new DatabaseError(DatabaseErrorCode.Unreachable, `Cannot use ${where}: ${reasonOf(error)}`, { cause: error });
  }
}

async function connectWithRetries(dataSource: DataSource, retries: number, events: DatabaseEvents): Promise<void> {
  const attempts = retries + 1;
  for (let attempt = 1; ; attempt++) {
    try {
      await dataSource.initialize();
      return;
    } catch (error) {
      events.connectFailed?.(attempt, attempts, reasonOf(error));
      if (attempt >= attempts) {
        const url = dataSource.options.type === 'postgres' ? (dataSource.options.url ?? '') : '';
        throw new DatabaseError(
          DatabaseErrorCode.Unreachable,
          `Cannot connect to PostgreSQL at ${redactUrl(url)} after ${attempts} attempt(s): ${reasonOf(error)}. ` +
            'Check DATABASE_URL and that the server is running, or unset DATABASE_URL to use the embedded database.',
          { cause: error },
        );
      }
      await sleep(Math.min(1000 * attempt, 5000));
    }
  }
}

/** Applies pending migrations, each in its own transaction so a failure leaves a consistent schema. */
export async function applyMigrations(dataSource: DataSource, events: DatabaseEvents = {}): Promise<string[]> {
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    const names = applied.map((migration) => migration.name);
    if (names.length > 0) {
      events.migrationsApplied?.(names);
    }
    return names;
  } catch (error) {
    throw new DatabaseError(DatabaseErrorCode.MigrationFailed, `A migration failed: ${reasonOf(error)}`, {
      cause: error,
    });
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map(reasonOf).join('; ');
  }
  if (error instanceof Error) {
    return error.message || error.name;
  }
  return String(error);
}
