import { API_KEY_SCOPES, type ApiKeyScope } from '@neodesk/contracts';

/** What each scope lets a key do, in the words of the API's guards. */
export const SCOPE_DESCRIPTIONS: Readonly<Record<ApiKeyScope, string>> = {
  read: 'Read conversations, messages, reports and exports.',
  write: 'Also send messages, change conversations (assign, queue, resolve) and add notes. Includes read.',
  admin: 'Also manage settings, users, API keys and webhooks. Includes read and write.',
};

/** The scopes a chosen one grants as well: admin grants everything, write includes read. */
export function impliedScopes(chosen: readonly ApiKeyScope[]): Set<ApiKeyScope> {
  const implied = new Set<ApiKeyScope>();
  if (chosen.includes('admin')) {
    implied.add('read').add('write');
  } else if (chosen.includes('write')) {
    implied.add('read');
  }
  return implied;
}

/** The scopes in the API's order. */
export function ordered(scopes: Iterable<ApiKeyScope>): ApiKeyScope[] {
  const set = new Set(scopes);
  return API_KEY_SCOPES.filter((scope) => set.has(scope));
}
