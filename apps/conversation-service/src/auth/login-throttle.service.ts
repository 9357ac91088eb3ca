import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { type LoginThrottlePolicy, UnitOfWork } from '@neodesk/persistence';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { RateLimitError, RateLimitErrorCode } from '../rate-limit/rate-limit.error';
import { SESSION_KEY } from './signed-tokens';

/** Failures that cost nothing extra (a typo or two); each one after waits a step longer. */
const FREE_FAILURES = 3;

/** A login attempt under way: the caller reports how it ended. */
export interface LoginTicket {
  succeeded(): Promise<void>;
  /** Waits the slowdown this account has earned; the caller answers after it. */
  failed(): Promise<void>;
}

/**
 * Slows and then locks password guessing per account, from any address and on every replica (the counts
 * are in the database). The key is the e-mail address whether or not a user has it, so an unknown address
 * answers exactly as a known one does: no user enumeration. Only an HMAC of the address is stored.
 */
@Injectable()
export class LoginThrottleService {
  private readonly policy: LoginThrottlePolicy;
  private readonly failureDelayMs: number;
  private readonly hmacKey: Buffer;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(SESSION_KEY) sessionKey: string,
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
  ) {
    const { maxFailures, windowSeconds, lockSeconds, failureDelayMs } = config.login;
    this.policy = { maxFailures, windowSeconds, lockSeconds };
    this.failureDelayMs = failureDelayMs;
    // A key of its own, derived from the session key, so the stored digests sign nothing else.
    this.hmacKey = createHmac('sha256', sessionKey).update('neodesk login throttle v1').digest();
  }

  /** Counts the attempt (before the password is checked) or refuses it with 429 while the account is locked. */
  async begin(email: string): Promise<LoginTicket> {
    const keyHash = createHmac('sha256', this.hmacKey).update(email.trim().toLowerCase(), 'utf8').digest('hex');
    // Its own short transaction: no connection is held while the password hash is checked.
    const attempt = await this.unitOfWork.run((tx) => tx.loginThrottles.begin(keyHash, this.policy));
    if (!attempt.allowed) {
      const retryAfter = Math.max(1, Math.ceil(attempt.retryAfterMs / 1000));
      throw new RateLimitError(
        RateLimitErrorCode.LoginLocked,
        `Too many failed logins for this account; retry in ${retryAfter} s`,
        retryAfter,
      );
    }
    const failures = attempt.recentFailures + 1;
    return {
      succeeded: () => this.unitOfWork.run((tx) => tx.loginThrottles.clear(keyHash)),
      failed: async () => {
        const steps = Math.max(0, failures - FREE_FAILURES);
        if (steps > 0 && this.failureDelayMs > 0) {
          await sleep(steps * this.failureDelayMs);
        }
      },
    };
  }
}
