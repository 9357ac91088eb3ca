import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthError, AuthErrorCode } from '../auth/auth.error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MetricsError, MetricsErrorCode } from './metrics.error';

const BEARER = /^Bearer +([\x21-\x7e]{1,4096})$/i;
/** Headers a proxy adds: a request carrying one came from elsewhere, whatever its socket says. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

/**
 * Who may read `GET /metrics` (figures of the whole installation, every workspace's together, so never a
 * workspace's credential): with METRICS_TOKEN set, whoever presents it as a bearer token, from anywhere;
 * without it, only a client on this host connecting directly (loopback, no proxy in between), so that the
 * default install keeps them off the network with nothing to configure.
 */
@Injectable()
export class MetricsAccessGuard implements CanActivate {
  private readonly expected: Buffer | undefined;
  private readonly behindProxy: boolean;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.expected = config.metrics.token === undefined ? undefined : digest(config.metrics.token);
    this.behindProxy = config.http.trustProxyHops > 0;
  }

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    if (this.expected === undefined) {
      if (this.isDirectFromThisHost(request)) {
        return true;
      }
      throw new MetricsError(
        MetricsErrorCode.LoopbackOnly,
        'GET /metrics answers only on this host (loopback, no proxy) unless METRICS_TOKEN is set',
      );
    }
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    // Comparing digests keeps the comparison constant-time whatever the lengths.
    if (token !== undefined && timingSafeEqual(digest(token), this.expected)) {
      return true;
    }
    http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="neodesk-metrics"');
    throw token === undefined
      ? new AuthError(AuthErrorCode.MissingCredentials, 'Send Authorization: Bearer <METRICS_TOKEN>')
      : new AuthError(AuthErrorCode.InvalidToken, 'The metrics token is not the one configured');
  }

  private isDirectFromThisHost(request: Request): boolean {
    // Behind a declared proxy every request arrives from it, often over loopback: that proves nothing.
    if (this.behindProxy || FORWARDING_HEADERS.some((name) => request.headers[name] !== undefined)) {
      return false;
    }
    return isLoopback(request.socket.remoteAddress);
  }
}

function isLoopback(address: string | undefined): boolean {
  if (address === undefined || isIP(address) === 0) {
    return false;
  }
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return v4 === '::1' || (isIP(v4) === 4 && v4.startsWith('127.'));
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
