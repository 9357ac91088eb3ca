import path from 'node:path';
import { EnvReader } from './env-reader';

/** Where the service keeps its PostgreSQL data. */
export type DatabaseConfig =
  | {
      readonly kind: 'embedded';
      /** PGlite data lives in `<dataDir>/pgdata`; the folder is locked by one process at a time. */
      readonly dataDir: string;
      readonly migrateOnStart: boolean;
    }
  | {
      readonly kind: 'external';
      readonly url: string;
      readonly poolSize: number;
      readonly connectTimeoutMs: number;
      readonly connectRetries: number;
      readonly migrateOnStart: boolean;
    };

/** Reads DATABASE_URL, DATA_DIR and the pool settings; shared by the service and its database CLI. */
export function readDatabaseConfig(env: EnvReader): DatabaseConfig {
  const url = env.optionalUrl('DATABASE_URL', ['postgres:', 'postgresql:'], { secret: true });
  const dataDir = path.resolve(env.string('DATA_DIR', './data'));
  const migrateOnStart = env.bool('DATABASE_MIGRATE_ON_START', true);
  const poolSize = env.int('DATABASE_POOL_SIZE', 10, { min: 1, max: 200 });
  const connectTimeoutMs = env.int('DATABASE_CONNECT_TIMEOUT_MS', 5000, { min: 100, max: 120_000 });
  const connectRetries = env.int('DATABASE_CONNECT_RETRIES', 2, { min: 0, max: 100 });
  if (url === undefined) {
    return { kind: 'embedded', dataDir, migrateOnStart };
  }
  return { kind: 'external', url, poolSize, connectTimeoutMs, connectRetries, migrateOnStart };
}
