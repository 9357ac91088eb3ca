import 'reflect-metadata';
import { ConfigError } from '@neodesk/config';
import { DatabaseError } from '@neodesk/persistence';
import { Logger } from 'nestjs-pino';
import { createApp } from './app.factory';
import { loadAppConfig } from './config/app-config';

async function main(): Promise<void> {
  const config = loadAppConfig(process.env);
  const app = await createApp(config);
  await app.listen(config.http.port, config.http.host);
  app.get(Logger).log(`Conversation service listening on ${config.http.publicUrl}`, 'Main');
}

main().catch((error: unknown) => {
  // Operator mistakes get their message alone; anything else gets the stack for a bug report.
  if (error instanceof ConfigError || error instanceof DatabaseError) {
    process.stderr.write(`Neodesk cannot start. ${error.message}\n`);
  } else {
    process.stderr.write(`Neodesk cannot start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
