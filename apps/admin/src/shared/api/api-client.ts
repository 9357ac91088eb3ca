import { markAccessTokenExpired, refreshSession } from '../../features/auth/auth-api';
import { sessionStore } from '../../features/auth/session-store';
import { ApiError } from './api-error';

/**
 * A REST call with the agent's access token. A 401 refreshes the tokens once and retries; when the login
 * is over the session is cleared, and the router sends the agent to the login page.
 */
export async function apiFetch<T>(path: string, init: RequestInit = {}, retried = false): Promise<T> {
  const session = sessionStore.get();
  if (session === null) {
    throw new ApiError(401, { detail: 'Signed out' });
  }
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      headers: {
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
        authorization: `Bearer ${session.accessToken}`,
      },
    });
  } catch {
    throw new ApiError(0, { detail: 'The service cannot be reached. Check your connection.' });
  }
  if (response.status === 401 && !retried) {
    markAccessTokenExpired();
    if ((await refreshSession()) !== null) {
      return apiFetch<T>(path, init, true);
    }
  }
  if (!response.ok) {
    throw new ApiError(response.status, (await response.json().catch(() => ({}))) as ApiError['problem']);
  }
  return response.status === 204 ? (undefined as T) : ((await response.json()) as T);
}

export function jsonBody(body: unknown): RequestInit['body'] {
  return JSON.stringify(body);
}
