import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import { setupOpenApi } from './openapi/setup-openapi';
import { RealtimeIoAdapter } from './realtime/realtime-io.adapter';
import { securityHeaders } from './security-headers/security-headers';

/** Builds the service (initialized, not yet listening); used by main.ts and by the end-to-end tests alike. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    // Nothing through Nest's coloured console logger: start-up logs wait in the buffer for pino, and a
    // failed start is reported once, as a JSON line, by main.ts.
    logger: false,
    // Throw start-up errors to the caller instead of aborting the process with a core dump.
    abortOnError: false,
    // JsonBodyMiddleware parses bodies, so size and type errors answer problem+json like every other.
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // First in the stack, so every answer has them (Swagger's routes, 404s, refusals of the body parser).
  app.use(securityHeaders());
  if (config.http.trustProxyHops > 0) {
    // The client address (rate limits per IP, logs) from X-Forwarded-For, through this many proxies.
    app.set('trust proxy', config.http.trustProxyHops);
  }
  // Before init: Nest adds its not-found handler then, and routes added later would never be reached.
  setupOpenApi(app, config.http.publicUrl);
  const ioAdapter = new RealtimeIoAdapter(app, config.redisUrl);
  try {
    await ioAdapter.connectToRedis();
    app.useWebSocketAdapter(ioAdapter);
    // Here rather than in listen(): a failing start-up hook (Redis for rate limits) closes what was opened.
    await app.init();
  } catch (error) {
    await app.close();
    throw error;
  }
  return app;
}
