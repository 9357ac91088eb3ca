import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '@neodesk/config';
import { DatabaseError } from '@neodesk/persistence';
import { Logger } from 'nestjs-pino';
import pino from 'pino';
import { createApp } from './app.factory';
import { loadAppConfig } from './config/app-config';
import { EmbeddedWorker } from './workers/embedded-worker';

async function main(): Promise<void> {
  const config = loadAppConfig(process.env);
  const app = await createApp(config);
  await app.listen(config.http.port, config.http.host);
  const logger = app.get(Logger);
  logger.log(`Conversation service listening on ${config.http.publicUrl}`, 'Main');
  const worker =
    config.workers.embedded && config.workers.token !== undefined
      ? new EmbeddedWorker(
          {
            // Loopback, whatever interface the service listens on for people.
            serviceUrl: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`,
            workerToken: config.workers.token,
            logLevel: config.log.level,
            env: process.env,
          },
          {
            log: (message: string) => logger.log(message, 'EmbeddedWorker'),
            warn: (message: string) => logger.warn(message, 'EmbeddedWorker'),
            error: (message: string) => logger.error(message, 'EmbeddedWorker'),
          },
        )
      : undefined;
  worker?.start();

  // Graceful stop: finish requests, close the pool, stop the embedded database, release the data dir.
  const shutdown = (signal: NodeJS.Signals): void => {
    logger.log(`Received ${signal}, shutting down`, 'Main');
    setTimeout(() => {
      process.stderr.write(`Shutdown took longer than ${SHUTDOWN_GRACE_MS} ms; exiting anyway\n`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    // The worker first: it finishes running replies while the service can still store them.
    (worker?.stop() ?? Promise.resolve())
      .then(() => app.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(
            `Error while shutting down: ${error instanceof Error ? error.message : String(error)}\n`,
          );
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

const SHUTDOWN_GRACE_MS = 25_000;

main().catch((error: unknown) => {
  // One JSON line like every other log line (Nest's own logger stays silent until pino takes over, so no
  // coloured stack comes first): operator mistakes get their message alone, anything else the stack too.
  const refusal = pino({ base: { pid: process.pid } }, pino.destination({ fd: 2, sync: true }));
  if (error instanceof ConfigError) {
    refusal.fatal({ code: 'CONFIG_INVALID', issues: error.issues }, `Neodesk cannot start. ${error.message}`);
  } else if (error instanceof DatabaseError) {
    refusal.fatal({ code: error.code }, `Neodesk cannot start. ${error.message}`);
  } else {
    refusal.fatal({ err: error }, `Neodesk cannot start: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
});
