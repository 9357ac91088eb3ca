import { createHash, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthError, AuthErrorCode } from '../auth/auth.error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

const BEARER = /^Bearer +([\x21-\x7e]{1,4096})$/i;

/** `GET /metrics` is public unless METRICS_TOKEN is set; then the scraper presents it as a bearer token. */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly expected: Buffer | undefined;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.expected = config.metrics.token === undefined ? undefined : digest(config.metrics.token);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.expected === undefined) {
      return true;
    }
    const http = context.switchToHttp();
    const token = BEARER.exec(http.getRequest<Request>().headers.authorization ?? '')?.[1];
    // Comparing digests keeps the comparison constant-time whatever the lengths.
    if (token !== undefined && timingSafeEqual(digest(token), this.expected)) {
      return true;
    }
    http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="neodesk-metrics"');
    throw token === undefined
      ? new AuthError(AuthErrorCode.MissingCredentials, 'Send Authorization: Bearer <METRICS_TOKEN>')
      : new AuthError(AuthErrorCode.InvalidToken, 'The metrics token is not the one configured');
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
