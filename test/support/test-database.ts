import { randomBytes } from 'node:crypto';
import { OpenDatabase, openDatabase } from '@neodesk/persistence';
import { Client } from 'pg';

/**
 * The database the suite runs against: the server named by DATABASE_URL (a fresh database is created
 * for the run and dropped after it), or, without DATABASE_URL, an embedded PGlite in a temp folder.
 */
export const TEST_DATABASE_URL_ENV = 'NEODESK_TEST_DATABASE_URL';

export function sharedTestDatabaseUrl(): string {
  const url = process.env[TEST_DATABASE_URL_ENV];
  if (url === undefined) {
    throw new Error(`${TEST_DATABASE_URL_ENV} is not set: run the tests through jest (npm test)`);
  }
  return url;
}

export function isExternalServer(): boolean {
  return process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== '';
}

/** A pool on the shared, migrated test database. Isolate tests by creating a workspace per test. */
export function openSharedTestDatabase(): Promise<OpenDatabase> {
  return openDatabase(
    {
      kind: 'external',
      url: sharedTestDatabaseUrl(),
      poolSize: isExternalServer() ? 8 : 1,
      connectTimeoutMs: 10_000,
      connectRetries: 0,
      migrateOnStart: false,
    },
    { runMigrations: false },
  );
}

/** A database of its own for tests that change the schema or need it empty; drop() removes it. */
export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * Scratch databases by name. On a server each is created on demand; embedded ones are started by the
 * global setup (PGlite loads its WebAssembly through a dynamic import that jest's sandbox cannot run).
 */
export const SCRATCH_SLOTS = ['migrations', 'bootstrap', 'health', 'webhooks', 'sweeper'] as const;
export type ScratchSlot = (typeof SCRATCH_SLOTS)[number];

export function scratchUrlEnv(slot: ScratchSlot): string {
  return `NEODESK_TEST_SCRATCH_${slot.toUpperCase()}_URL`;
}

export async function createScratchDatabase(slot: ScratchSlot): Promise<ScratchDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl !== undefined && serverUrl !== '') {
    const name = `neodesk_scratch_${slot}_${Date.now()}_${randomBytes(3).toString('hex')}`;
    await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
    return {
      url: withDatabase(serverUrl, name),
      drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    };
  }
  const url = process.env[scratchUrlEnv(slot)];
  if (url === undefined) {
    throw new Error(`No embedded scratch database for ${slot}: run the tests through jest (npm test)`);
  }
  // The global teardown stops the embedded server.
  return { url, drop: () => Promise.resolve() };
}

export async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
