import http from 'node:http';
import https from 'node:https';
import { type LookupFunction, isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Inject, Injectable } from '@nestjs/common';
import { WEBHOOK_HEADERS } from '@neodesk/contracts';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { type ResolvedReceiver, resolveReceiver } from './receiver-address-policy';
import { signWebhook } from './webhook-signature';
import { WebhookError } from './webhook.error';

export interface WebhookRequest {
  url: string;
  deliveryId: string;
  secret: string;
  /** The JSON body, exactly as signed. */
  body: string;
}

/** What one attempt gave: the receiver's status, or why there was none. */
export interface WebhookAttemptOutcome {
  startedAt: Date;
  durationMs: number;
  /** A 2xx answer. */
  ok: boolean;
  responseStatus: number | null;
  error: string | null;
}

const MAX_ERROR_LENGTH = 500;

/**
 * Sends one signed delivery: the receiver's host is resolved and checked once, and the connection goes to
 * the checked address (the Host header and TLS name stay the URL's). Redirects are not followed.
 */
@Injectable()
export class WebhookSender {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async send(request: WebhookRequest, signal?: AbortSignal): Promise<WebhookAttemptOutcome> {
    const startedAt = new Date();
    const start = performance.now();
    const outcome = (ok: boolean, responseStatus: number | null, error: string | null): WebhookAttemptOutcome => ({
      startedAt,
      durationMs: performance.now() - start,
      ok,
      responseStatus,
      error: error === null ? null : error.slice(0, MAX_ERROR_LENGTH),
    });
    let receiver: ResolvedReceiver;
    try {
      receiver = await resolveReceiver(request.url, {
        allowPrivateNetworks: this.config.webhooks.allowPrivateNetworks,
      });
    } catch (error) {
      return outcome(false, null, error instanceof WebhookError ? `Refused: ${error.message}` : describe(error));
    }
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      'Content-Type': 'application/json',
      'User-Agent': 'Neodesk-Webhooks/1',
      [WEBHOOK_HEADERS.id]: request.deliveryId,
      [WEBHOOK_HEADERS.timestamp]: String(timestamp),
      [WEBHOOK_HEADERS.signature]: signWebhook(request.secret, timestamp, request.body),
    };
    try {
      const status = await post(receiver, headers, request.body, this.config.webhooks.timeoutMs, signal);
      if (status >= 200 && status < 300) {
        return outcome(true, status, null);
      }
      const redirect = status >= 300 && status < 400 ? ' (redirects are not followed)' : '';
      return outcome(false, status, `The receiver answered HTTP ${status}${redirect}`);
    } catch (error) {
      return outcome(false, null, signal?.aborted === true ? 'Interrupted: the service shut down' : describe(error));
    }
  }
}

/** Resolves with the answer's status as soon as its headers arrive; the body is drained and dropped. */
function post(
  receiver: ResolvedReceiver,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const https_ = receiver.url.protocol === 'https:';
    const options: https.RequestOptions = {
      hostname: receiver.hostname,
      port: receiver.url.port === '' ? undefined : Number(receiver.url.port),
      path: `${receiver.url.pathname}${receiver.url.search}`,
      method: 'POST',
      headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body, 'utf8')) },
      // One connection per attempt: a pooled socket could lead to an address checked for another answer.
      agent: false,
      lookup: pinnedLookup(receiver),
      signal,
      ...(https_ && isIP(receiver.hostname) === 0 ? { servername: receiver.hostname } : {}),
    };
    const req = (https_ ? https : http).request(options, (res) => {
      resolve(res.statusCode ?? 0);
      res.on('error', () => undefined);
      res.resume();
    });
    const timer = setTimeout(() => req.destroy(new Error(`No answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('close', () => clearTimeout(timer));
    req.on('error', reject);
    req.end(body);
  });
}

/** A lookup that answers the address already checked, whatever the name (no second DNS query). */
function pinnedLookup(receiver: ResolvedReceiver): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all === true) {
      callback(null, [{ address: receiver.address, family: receiver.family }]);
    } else {
      callback(null, receiver.address, receiver.family);
    }
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
