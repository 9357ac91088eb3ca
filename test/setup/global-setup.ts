// Global setup is loaded outside jest's module map, so resolve the @neodesk/* aliases from tsconfig.
import 'tsconfig-paths/register';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedPostgres, openDatabase } from '@neodesk/persistence';
import {
  SCRATCH_SLOTS,
  TEST_DATABASE_URL_ENV,
  adminQuery,
  scratchUrlEnv,
  withDatabase,
} from '../support/test-database';
import { TEST_LOG_DIR_ENV } from '../support/test-logs';
import { TEST_REDIS_URL_ENV, provideTestRedis } from './test-redis';

declare global {
  // Handed from global setup to global teardown (same process).
  var __NEODESK_TEST_DB__: { drop(): Promise<void> } | undefined;
  var __NEODESK_TEST_REDIS__: { stop(): Promise<void> } | undefined;
}

/**
 * Prepares one migrated database for the whole run: a fresh database on the server named by
 * DATABASE_URL, or an embedded PGlite when it is unset. Workers inherit its URL through the environment.
 */
export default async function globalSetup(): Promise<void> {
  // Every service a test starts logs here; the global teardown scans the lines for secrets.
  const logDir = path.resolve(__dirname, '../../test-output/logs', `run-${Date.now()}-${process.pid}`);
  fs.mkdirSync(logDir, { recursive: true });
  process.env[TEST_LOG_DIR_ENV] = logDir;
  const serverUrl = process.env.DATABASE_URL;
  let url: string;
  if (serverUrl !== undefined && serverUrl !== '') {
    const name = `neodesk_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
    await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
    url = withDatabase(serverUrl, name);
    globalThis.__NEODESK_TEST_DB__ = {
      drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    };
  } else {
    const started = await Promise.all(['shared', ...SCRATCH_SLOTS].map(startEmbedded));
    url = started[0].url;
    SCRATCH_SLOTS.forEach((slot, i) => (process.env[scratchUrlEnv(slot)] = started[i + 1].url));
    globalThis.__NEODESK_TEST_DB__ = { drop: async () => void (await Promise.all(started.map((db) => db.stop()))) };
  }
  const database = await openDatabase(
    { kind: 'external', url, poolSize: 2, connectTimeoutMs: 10_000, connectRetries: 0, migrateOnStart: true },
    { runMigrations: true },
  );
  await database.close();
  process.env[TEST_DATABASE_URL_ENV] = url;
  const redis = await provideTestRedis();
  globalThis.__NEODESK_TEST_REDIS__ = redis;
  if (redis.url !== undefined) {
    process.env[TEST_REDIS_URL_ENV] = redis.url;
  }
}

async function startEmbedded(name: string): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `neodesk-test-${name}-`));
  const embedded = await EmbeddedPostgres.start(dir, { maxConnections: 32 });
  return {
    url: embedded.url,
    stop: async () => {
      await embedded.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
