/**
 * Codes a client can see in an error ack or an `error` event. Clients branch on the code; the message
 * is for people and may change.
 */
export const REALTIME_ERROR_CODES = [
  'UNAUTHORIZED',
  'ORIGIN_NOT_ALLOWED',
  'INVALID_PAYLOAD',
  'UNKNOWN_EVENT',
  'CONVERSATION_NOT_FOUND',
  'MESSAGE_INVALID',
  'MESSAGE_CLIENT_ID_CONFLICT',
  'CONFLICT',
  'WORKER_NOT_REGISTERED',
  /** The database is unreachable or restarting: nothing was stored; send the same event again later. */
  'DATABASE_UNAVAILABLE',
  'INTERNAL_ERROR',
] as const;
export type RealtimeErrorCode = (typeof REALTIME_ERROR_CODES)[number];

export interface RealtimeErrorBody {
  code: RealtimeErrorCode;
  message: string;
  /**
   * Present and true when the same event may succeed if sent again unchanged (same `clientMessageId`,
   * which keeps a retry from storing twice), after `retryAfterSeconds`; otherwise retrying cannot help.
   */
  retryable?: boolean;
  retryAfterSeconds?: number;
}

/** The answer to every acknowledged client event. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: RealtimeErrorBody };

/** Callback a client passes as the last argument of an acknowledged event. */
export type AckCallback<T> = (result: Ack<T>) => void;
