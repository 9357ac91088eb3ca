import { ConfigError } from '@neodesk/config';
import { DatabaseError } from '@neodesk/persistence';

/**
 * Runs a database command line (`npm run migration:*`, `backup`, `restore`): exits with its code, or 1 after
 * one line on stderr: the message of a configuration or database error, the stack of anything unexpected.
 */
export function runCli(main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2))
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      const known = error instanceof ConfigError || error instanceof DatabaseError;
      process.stderr.write(
        `${known ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    });
}
