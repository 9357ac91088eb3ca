import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../../apps/conversation-service/src/app.factory';
import { loadAppConfig } from '../../apps/conversation-service/src/config/app-config';
import { isExternalServer, sharedTestDatabaseUrl } from './test-database';
import { registerTestSecrets, secretsInEnv, testLogFile } from './test-logs';

/**
 * The real service, listening on a free port of `host` (default: loopback), on the given (default: shared
 * test) database; `env` adds or overrides variables (SESSION_SECRET, REDIS_URL).
 */
export async function startTestApp(
  databaseUrl = sharedTestDatabaseUrl(),
  env: Record<string, string> = {},
  host = '127.0.0.1',
): Promise<NestExpressApplication> {
  // Logged to a file of the run (scanned for secrets at the end); NEODESK_TEST_LOG_LEVEL=error shows a
  // failing test's service log on the console instead.
  const logFile = process.env.NEODESK_TEST_LOG_LEVEL === undefined ? testLogFile('app') : undefined;
  const values = {
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    DATABASE_CONNECT_RETRIES: '0',
    // One connection to an embedded PGlite, as the service itself uses (see open-database.ts).
    DATABASE_POOL_SIZE: isExternalServer() ? '10' : '1',
    // NEODESK_TEST_LOG_LEVEL=error shows what a failing test's service logged.
    LOG_LEVEL: process.env.NEODESK_TEST_LOG_LEVEL ?? (logFile === undefined ? 'silent' : 'info'),
    ...(logFile === undefined ? {} : { LOG_FILE: logFile }),
    BOOTSTRAP_ADMIN_PASSWORD: 'test admin password',
    ...env,
  };
  registerTestSecrets(...secretsInEnv(values));
  const config = loadAppConfig(values);
  const app = await createApp(config);
  await app.listen(0, host);
  return app;
}
