/** How long a client is told to wait before retrying a write the database could not take. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * PostgreSQL SQLSTATEs that say the server cannot serve right now, not that the statement is wrong:
 * class 08 (connection exception) and these.
 */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown: the server is stopping (smart/fast shutdown)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  '53300', // too_many_connections
]);

/** Node socket errors met while connecting to or talking with the server. */
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** node-postgres (pg, pg-pool) reports these without a code. */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/, // unexpectedly, or due to connection timeout
  /^timeout exceeded when trying to connect$/, // the pool found no connection within connectionTimeoutMillis
  /is not queryable$/, // a client whose connection broke or was closed
  /^Connection closed$/,
];

/**
 * True when `error` (as thrown by TypeORM or node-postgres, or anything wrapping it in `cause` or
 * `driverError`) says the database server is unreachable, stopping or full — a failure that retrying
 * the same request later can cure, unlike a constraint violation or a bug.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0) {
    const current = pending.pop();
    if (typeof current !== 'object' || current === null || seen.has(current)) {
      continue;
    }
    seen.add(current);
    const { code, message, cause, driverError, errors } = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
      driverError?: unknown;
      errors?: unknown;
    };
    if (typeof code === 'string') {
      if (code.startsWith('08') && code.length === 5) {
        return true;
      }
      if (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_NODE_CODES.has(code)) {
        return true;
      }
    }
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) {
      return true;
    }
    pending.push(cause, driverError);
    if (Array.isArray(errors)) {
      // AggregateError: a connect to every address of a host name failed.
      pending.push(...(errors as unknown[]));
    }
  }
  return false;
}
