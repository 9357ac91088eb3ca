/**
 * npm run test:fuzz -- --count 10000 [--seed N] [--concurrency N]
 *
 * Starts the conversation service as its own process (a fresh database on the PostgreSQL server named by
 * DATABASE_URL, else an embedded PGlite), fires `count` generated hostile payloads at every REST route of
 * its OpenAPI document and every client event of /visitor, /agent and /worker (authenticated with a real
 * agent login, API keys and a visitor session made through the API, and not), then prints the figures.
 * Exits 1 when any answer was a 5xx (or an INTERNAL_ERROR socket answer), a request got no answer, or the
 * service crashed or logged an unhandled rejection; the seed printed reproduces the run.
 */
import { FuzzService } from './fuzz-service';
import { type FuzzReport, runHostileFuzz } from './hostile-fuzzer';

interface CliOptions {
  count: number;
  seed: number;
  concurrency: number;
}

function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = { count: 10_000, seed: Date.now() % 2 ** 31, concurrency: 4 };
  for (let i = 0; i < argv.length; i++) {
    const match = /^--(count|seed|concurrency)(?:=(.*))?$/.exec(argv[i]);
    const value = match?.[2] ?? argv[++i];
    const parsed = Number(value);
    if (match === null || !Number.isInteger(parsed) || parsed < (match[1] === 'seed' ? -(2 ** 31) : 1)) {
      throw new Error(`usage: npm run test:fuzz -- [--count N] [--seed N] [--concurrency N] (got ${argv.join(' ')})`);
    }
    options[match[1] as keyof CliOptions] = parsed;
  }
  return options;
}

function histogram(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `  ${key}: ${value}`)
    .join('\n');
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const service = await FuzzService.start();
  process.stdout.write(
    `Fuzzing ${service.baseUrl} (${service.database}) with ${options.count} payloads, seed ${options.seed}, ` +
      `concurrency ${options.concurrency}\n`,
  );
  const started = Date.now();
  let printed = 0;
  let report: FuzzReport;
  try {
    report = await runHostileFuzz({
      baseUrl: service.baseUrl,
      count: options.count,
      seed: options.seed,
      admin: { email: service.adminEmail, password: service.adminPassword },
      workerToken: service.workerToken,
      concurrency: options.concurrency,
      onProgress: (done) => {
        // Lanes finish out of order: print each thousand once.
        if (done >= printed + 1000) {
          printed = done - (done % 1000);
          process.stdout.write(`  ${done} sent (${Math.round((Date.now() - started) / 1000)} s)\n`);
        }
      },
    });
  } finally {
    // Give late log lines a moment, then stop the service (a crash has stopped it already).
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await service.stop();
  }
  const figures = service.figures;
  const crashes = service.exitCode === undefined ? 0 : 1;
  const fiveXx = report.serverErrors.length;
  process.stdout.write(
    [
      '',
      `Seed: ${report.seed}`,
      `Database: ${service.database}`,
      `Duration: ${Math.round((Date.now() - started) / 1000)} s`,
      `Payloads sent: ${report.sent} (REST requests: ${report.restRequests}, socket events and handshakes: ${report.socketEvents})`,
      'REST status histogram:',
      histogram(report.statusHistogram),
      'Socket answer histogram:',
      histogram(report.socketHistogram),
      `5xx answers (and INTERNAL_ERROR socket answers): ${fiveXx}`,
      `Unanswered requests: ${report.unanswered.length}`,
      `Crashes (service process exits): ${crashes}`,
      `Unhandled rejections in the service log: ${figures.unhandledRejections}`,
      `Uncaught exceptions in the service log: ${figures.uncaughtExceptions}`,
      `Error-level lines in the service log: ${figures.errorLines}`,
      '',
    ].join('\n'),
  );
  for (const finding of [...report.serverErrors, ...report.unanswered].slice(0, 20)) {
    process.stdout.write(`FINDING #${finding.index} ${finding.target} -> ${finding.outcome}\n  ${finding.input}\n`);
  }
  if (figures.lastErrorLines.length > 0) {
    process.stdout.write(`Last error lines of the service:\n${figures.lastErrorLines.slice(-10).join('\n')}\n`);
  }
  const failed =
    fiveXx > 0 ||
    report.unanswered.length > 0 ||
    crashes > 0 ||
    figures.unhandledRejections > 0 ||
    figures.uncaughtExceptions > 0;
  process.stdout.write(failed ? 'FAILED\n' : 'PASSED\n');
  process.exitCode = failed ? 1 : 0;
}

// A run whose promises all stall with nothing left to wait on would end quietly: say so and fail.
let finished = false;
process.once('beforeExit', () => {
  if (!finished) {
    process.stdout.write('FAILED: the fuzzer stalled (a request or event never settled)\n');
    process.exitCode = 1;
  }
});

main()
  .then(() => (finished = true))
  .catch((error: unknown) => {
    finished = true;
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
