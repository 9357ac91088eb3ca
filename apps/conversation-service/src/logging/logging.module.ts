import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { redactLogLine } from './pii-log-redaction';

const REQUEST_ID_HEADER = 'x-request-id';
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Takes the caller's request id when it is sane, otherwise makes one; echoes it in the response. */
export function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  const id = typeof incoming === 'string' && ACCEPTABLE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

/**
 * JSON logs through pino, one line per request with its id; credentials never reach the log, and personal
 * data (card numbers, IBANs, e-mails, phone numbers, typed passwords) is masked in every line, whoever
 * wrote it. Written to process.stdout, or appended to LOG_FILE when set.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: [
          {
            level: config.log.level,
            hooks: { streamWrite: redactLogLine },
            genReqId: requestIdFor,
            redact: {
              paths: [
                'req.headers.authorization',
                'req.headers.cookie',
                'req.headers["x-api-key"]',
                'res.headers["set-cookie"]',
              ],
              censor: '[redacted]',
            },
            // Health probes every few seconds would drown the log.
            autoLogging: { ignore: (req: IncomingMessage) => req.url?.startsWith('/health') ?? false },
            customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
              error !== undefined || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
          },
          config.log.file === undefined
            ? process.stdout
            : pino.destination({ dest: config.log.file, append: true, mkdir: true, sync: true }),
        ],
      }),
    }),
  ],
})
export class LoggingModule {}
