import type { ConversationSort } from '@neodesk/contracts';
import type { ConversationPosition } from '@neodesk/persistence';
import { RequestValidationError } from '../common/request-validation.error';

const POSITION_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Opaque to clients: base64url JSON of the sort it belongs to and the last row's position. A cursor
 * only continues the listing it came from (same sort); filters are the client's to keep.
 */
export function encodeConversationCursor(sort: ConversationSort, position: ConversationPosition): string {
  return Buffer.from(JSON.stringify({ s: sort, t: position.at, i: position.id })).toString('base64url');
}

export function decodeConversationCursor(sort: ConversationSort, cursor: string): ConversationPosition {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('is not a cursor from this API');
  }
  const { s, t, i } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof t !== 'string' || !POSITION_AT.test(t) || typeof i !== 'string' || !ID.test(i)) {
    throw invalid('is not a cursor from this API');
  }
  if (s !== sort) {
    throw invalid(`belongs to a listing sorted by ${String(s)}, not ${sort}`);
  }
  return { at: t, id: i };
}

function invalid(why: string): RequestValidationError {
  return new RequestValidationError([{ field: 'query.cursor', message: `The cursor ${why}` }]);
}
