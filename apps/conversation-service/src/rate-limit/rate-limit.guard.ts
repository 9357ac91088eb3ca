import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Response } from 'express';
import { RateLimitError, RateLimitErrorCode } from './rate-limit.error';

/**
 * @nestjs/throttler's guard for HTTP routes only (sockets have their own limits), answering 429 as
 * problem+json with Retry-After.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  override canActivate(context: ExecutionContext): Promise<boolean> {
    return context.getType() === 'http' ? super.canActivate(context) : Promise.resolve(true);
  }

  protected override throwThrottlingException(context: ExecutionContext, limit: ThrottlerLimitDetail): Promise<void> {
    const retryAfter = Math.max(1, limit.timeToBlockExpire);
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfter));
    throw new RateLimitError(
      RateLimitErrorCode.TooManyRequests,
      `Rate limit of ${limit.limit} requests per ${Math.round(limit.ttl / 1000)} s reached; retry in ${retryAfter} s`,
      retryAfter,
    );
  }
}
