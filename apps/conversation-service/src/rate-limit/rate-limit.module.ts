import { createHash } from 'node:crypto';
import { Module } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerModule, type ThrottlerStorage } from '@nestjs/throttler';
import type { Request } from 'express';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { CREDENTIALS_ROUTE } from './rate-limit.decorators';
import { RedisThrottlerStorage } from './redis-throttler.storage';

const RATE_LIMIT_STORAGE = Symbol('RATE_LIMIT_STORAGE');

/** Counters in Redis when REDIS_URL is set (shared by replicas), in memory otherwise. */
@Module({
  providers: [
    {
      provide: RATE_LIMIT_STORAGE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): ThrottlerStorage | null =>
        config.redisUrl === undefined ? null : new RedisThrottlerStorage(config.redisUrl),
    },
  ],
  exports: [RATE_LIMIT_STORAGE],
})
class RateLimitStorageModule {}

/**
 * Three limits (the guard is RateLimitGuard, an APP_GUARD that runs before AuthGuard, so that calls
 * with bad credentials are counted too):
 * - `ip`: every request, per client address;
 * - `caller`: requests with a bearer credential, per credential (an API key, or an agent's access token);
 * - `credentials`: login and refresh, per client address (password guessing).
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [RateLimitStorageModule],
      inject: [APP_CONFIG, RATE_LIMIT_STORAGE, Reflector],
      useFactory: (config: AppConfig, storage: ThrottlerStorage | null, reflector: Reflector) => {
        const ttl = config.rateLimit.windowSeconds * 1000;
        const byIp = (req: Record<string, unknown>): string => `ip:${(req as unknown as Request).ip ?? 'unknown'}`;
        return {
          ...(storage === null ? {} : { storage }),
          setHeaders: false,
          // One counter per limit and tracker across all routes (the default counts each route apart).
          generateKey: (_context, tracker, name) => `${name}:${tracker}`,
          throttlers: [
            { name: 'ip', ttl, limit: config.rateLimit.perIp, getTracker: byIp },
            {
              name: 'caller',
              ttl,
              limit: config.rateLimit.perCaller,
              getTracker: (req) => credentialKey((req as unknown as Request).headers.authorization) ?? 'none',
              skipIf: (context) =>
                credentialKey(context.switchToHttp().getRequest<Request>().headers.authorization) === null,
            },
            {
              name: 'credentials',
              ttl,
              limit: config.rateLimit.credentials,
              getTracker: byIp,
              skipIf: (context) =>
                reflector.getAllAndOverride<boolean | undefined>(CREDENTIALS_ROUTE, [
                  context.getHandler(),
                  context.getClass(),
                ]) !== true,
            },
          ],
        };
      },
    }),
  ],
})
export class RateLimitModule {}

/** A digest of the bearer credential (never the credential itself, which would sit in Redis). */
function credentialKey(authorization: string | undefined): string | null {
  const token = authorization?.match(/^Bearer +(\S+)$/i)?.[1];
  return token === undefined ? null : `bearer:${createHash('sha256').update(token).digest('base64url')}`;
}
