import type { EntityManager } from 'typeorm';

/** How many failed logins an account key may have in a window, and how long it is locked past that. */
export interface LoginThrottlePolicy {
  maxFailures: number;
  windowSeconds: number;
  lockSeconds: number;
}

/** An attempt may go ahead (and counts as failed until cleared), or the key is locked for a while. */
export type LoginAttempt = { allowed: true; recentFailures: number } | { allowed: false; retryAfterMs: number };

/** Rows this old (and not locked) say nothing any more; each attempt deletes a few. */
const CLEANUP_BATCH = 100;

export class LoginThrottlesRepository {
  constructor(private readonly manager: EntityManager) {}

  /**
   * Counts a login attempt before the password is checked, so parallel guesses on any replica cannot
   * outrun the count: the row is locked, and the attempt recorded as a failure that `clear` undoes on
   * success. Run it in a transaction. Times are the database's, the same for every replica.
   */
  async begin(keyHash: string, policy: LoginThrottlePolicy): Promise<LoginAttempt> {
    const stale = Math.max(policy.windowSeconds, policy.lockSeconds);
    await this.manager.query(
      `DELETE FROM login_throttles WHERE key_hash IN (
         SELECT key_hash FROM login_throttles
         WHERE updated_at < now() - make_interval(secs => $1) AND key_hash <> $2
         LIMIT ${CLEANUP_BATCH} FOR UPDATE SKIP LOCKED)`,
      [stale, keyHash],
    );
    await this.manager.query(
      `INSERT INTO login_throttles (key_hash, failed_at, locked_until, updated_at)
       VALUES ($1, '{}', NULL, now()) ON CONFLICT (key_hash) DO NOTHING`,
      [keyHash],
    );
    const rows: { lock_left_ms: number | null; recent: number }[] = await this.manager.query(
      `SELECT
         CASE WHEN locked_until > now()
           THEN ceil(extract(epoch FROM locked_until - now()) * 1000)::int END AS lock_left_ms,
         (SELECT count(*)::int FROM unnest(failed_at) AS f WHERE f > now() - make_interval(secs => $2)) AS recent
       FROM login_throttles WHERE key_hash = $1 FOR UPDATE`,
      [keyHash, policy.windowSeconds],
    );
    const row = rows[0];
    if (row === undefined) {
      throw new Error('The login throttle row was neither stored nor found');
    }
    if (row.lock_left_ms !== null) {
      return { allowed: false, retryAfterMs: row.lock_left_ms };
    }
    // Failures older than the window drop out; the window slides, so no window ever holds more than the limit.
    const recentOnly = `ARRAY(SELECT f FROM unnest(failed_at) AS f WHERE f > now() - make_interval(secs => $2) ORDER BY f)`;
    if (row.recent >= policy.maxFailures) {
      await this.manager.query(
        `UPDATE login_throttles
         SET failed_at = ${recentOnly}, locked_until = now() + make_interval(secs => $3), updated_at = now()
         WHERE key_hash = $1`,
        [keyHash, policy.windowSeconds, policy.lockSeconds],
      );
      return { allowed: false, retryAfterMs: policy.lockSeconds * 1000 };
    }
    await this.manager.query(
      `UPDATE login_throttles
       SET failed_at = array_append(${recentOnly}, now()), locked_until = NULL, updated_at = now()
       WHERE key_hash = $1`,
      [keyHash, policy.windowSeconds],
    );
    return { allowed: true, recentFailures: row.recent };
  }

  /** A successful login: the key starts again from no failures. */
  async clear(keyHash: string): Promise<void> {
    await this.manager.query(`DELETE FROM login_throttles WHERE key_hash = $1`, [keyHash]);
  }
}
