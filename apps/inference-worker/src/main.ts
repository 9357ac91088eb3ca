import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError } from '@neodesk/config';
import { ModelLoadError } from '@neodesk/inference';
import { Logger } from 'nestjs-pino';
import { loadWorkerConfig } from './config/worker-config';
import { WorkerModule } from './worker.module';

const SHUTDOWN_GRACE_MS = 15_000;

/**
 * The inference worker: loads the GPT-Neo model, warms it up, joins the conversation service's `/worker`
 * gateway and serves the bot replies it is given until SIGTERM (then finishes what runs, briefly).
 */
async function main(): Promise<void> {
  const config = loadWorkerConfig(process.env);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    bufferLogs: true,
    abortOnError: false,
  });
  const logger = app.get(Logger);
  app.useLogger(logger);
  await app.init();
  logger.log(`Inference worker ready (device ${config.device}, service ${config.serviceUrl})`, 'Main');

  const shutdown = (signal: NodeJS.Signals): void => {
    logger.log(`Received ${signal}, shutting down`, 'Main');
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof ModelLoadError) {
    process.stderr.write(`Inference worker cannot start. ${error.message}\n`);
  } else {
    process.stderr.write(
      `Inference worker cannot start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
