import path from 'node:path';
import { scanLogDir } from '../support/log-secret-scan';
import { SECRETS_FILE, testLogDir } from '../support/test-logs';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__NEODESK_TEST_DB__?.drop();
  await globalThis.__NEODESK_TEST_REDIS__?.stop();
  scanTestLogs();
}

/** Fails the run when any log line a test produced holds a secret a test created, or looks like one. */
function scanTestLogs(): void {
  const dir = testLogDir();
  if (dir === undefined) {
    return;
  }
  const result = scanLogDir(dir, path.join(dir, SECRETS_FILE));
  const where = path.relative(process.cwd(), dir);
  process.stdout.write(
    `\nLog scan: ${result.lines} lines in ${result.files} files under ${where}, ` +
      `${result.knownSecrets} secrets the tests created: ${result.leaks.length} lines with a secret\n`,
  );
  if (result.leaks.length > 0) {
    const listed = result.leaks
      .slice(0, 20)
      .map((leak) => `  ${leak.file}:${leak.line} [${leak.kind}] ${leak.excerpt}`)
      .join('\n');
    throw new Error(`Secrets in the test logs (${result.leaks.length} lines):\n${listed}`);
  }
}
