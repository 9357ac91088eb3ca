import { API_KEY_SCOPES, type ApiKeyScope, type UserRole } from '@neodesk/contracts';

/** Who is calling the REST API: always inside one workspace, with the scopes the guard checks. */
export interface Caller {
  workspaceId: string;
  /** Effective scopes: `admin` includes `write` and `read`, `write` includes `read`. */
  scopes: readonly ApiKeyScope[];
  /** The user behind an agent access token; null for an API key. */
  userId: string | null;
  /** The API key used; null for an agent access token. */
  apiKeyId: string | null;
}

/** Scopes with what they include. */
export function effectiveScopes(granted: readonly ApiKeyScope[]): ApiKeyScope[] {
  const rank = Math.max(...granted.map((scope) => API_KEY_SCOPES.indexOf(scope)));
  return API_KEY_SCOPES.filter((_scope, i) => i <= rank);
}

/** Agents read and write conversations; admins also manage the workspace (keys, users, settings). */
export function scopesOfRole(role: UserRole): ApiKeyScope[] {
  return role === 'admin' ? ['read', 'write', 'admin'] : ['read', 'write'];
}
