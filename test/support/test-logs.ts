import fs from 'node:fs';
import path from 'node:path';

/**
 * Where a test run keeps the log lines of every service it starts (set by the global setup), and the
 * file the fixtures append each secret they create to, so that the global teardown can check that no
 * log line holds one of them.
 */
export const TEST_LOG_DIR_ENV = 'NEODESK_TEST_LOG_DIR';
export const SECRETS_FILE = 'secrets.txt';

let fileCount = 0;

export function testLogDir(): string | undefined {
  const dir = process.env[TEST_LOG_DIR_ENV];
  return dir === undefined || dir === '' ? undefined : dir;
}

/** A fresh log file for one app started by this jest worker, or undefined outside a jest run. */
export function testLogFile(name: string): string | undefined {
  const dir = testLogDir();
  return dir === undefined ? undefined : path.join(dir, `${name}-${process.pid}-${++fileCount}.log`);
}

/** Records secrets a test created (passwords, API keys, tokens, e-mails) for the log scan. */
export function registerTestSecrets(...secrets: Array<string | undefined>): void {
  const dir = testLogDir();
  const lines = secrets.filter((secret): secret is string => secret !== undefined && secret.length >= 8);
  if (dir !== undefined && lines.length > 0) {
    fs.appendFileSync(
      path.join(dir, SECRETS_FILE),
      `${lines.map((secret) => secret.replace(/\n/g, ' ')).join('\n')}\n`,
    );
  }
}

/** The values of the variables in `env` whose names say they are secret. */
export function secretsInEnv(env: Record<string, string>): string[] {
  return Object.entries(env)
    .filter(([name]) => /TOKEN|SECRET|PASSWORD|API_KEY/.test(name))
    .map(([, value]) => value);
}
