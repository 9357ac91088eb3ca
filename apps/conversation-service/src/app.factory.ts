import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import { RealtimeIoAdapter } from './realtime/realtime-io.adapter';

/** Builds the service (not yet listening); used by main.ts and by the end-to-end tests alike. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    // Throw start-up errors to the caller instead of aborting the process with a core dump.
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  const ioAdapter = new RealtimeIoAdapter(app, config.redisUrl);
  try {
    await ioAdapter.connectToRedis();
  } catch (error) {
    await app.close();
    throw error;
  }
  app.useWebSocketAdapter(ioAdapter);
  return app;
}
