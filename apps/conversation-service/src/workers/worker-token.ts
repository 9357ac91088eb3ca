import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/** Checks the shared worker token in constant time; with no WORKER_TOKEN configured, every worker is refused. */
@Injectable()
export class WorkerTokenVerifier {
  private readonly expected: Buffer | undefined;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.expected = config.workers.token === undefined ? undefined : digest(config.workers.token);
  }

  get configured(): boolean {
    return this.expected !== undefined;
  }

  matches(token: string): boolean {
    // Comparing digests keeps the comparison constant-time whatever the lengths.
    return this.expected !== undefined && timingSafeEqual(digest(token), this.expected);
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
