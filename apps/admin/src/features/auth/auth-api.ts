import type { LoginResponseDto } from '@neodesk/contracts';
import { ApiError } from '../../shared/api/api-error';
import { type Session, sessionFromLogin, sessionStore } from './session-store';

async function postJson(path: string, body: unknown): Promise<LoginResponseDto> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { detail: 'The service cannot be reached. Check your connection.' });
  }
  if (!response.ok) {
    throw new ApiError(response.status, (await response.json().catch(() => ({}))) as ApiError['problem']);
  }
  return (await response.json()) as LoginResponseDto;
}

export async function login(email: string, password: string): Promise<Session> {
  const session = sessionFromLogin(await postJson('/api/v1/auth/login', { email, password }));
  sessionStore.set(session);
  return session;
}

let inFlight: Promise<Session | null> | null = null;

/**
 * Trades the refresh token for a new pair. A refresh token works once, so tabs take turns (Web Locks) and
 * a tab that waited uses the pair another tab got. Answers null (and signs out) when the login is over.
 */
export function refreshSession(): Promise<Session | null> {
  inFlight ??= withLock(async () => {
    const before = sessionStore.reload();
    if (before === null) {
      return null;
    }
    if (before.accessExpiresAt - Date.now() > REFRESH_MARGIN_MS) {
      return before;
    }
    try {
      const session = sessionFromLogin(await postJson('/api/v1/auth/refresh', { refreshToken: before.refreshToken }));
      sessionStore.set(session);
      return session;
    } catch (error) {
      if (error instanceof ApiError && error.status === 0) {
        // Offline: keep the session and try again later.
        return before;
      }
      sessionStore.set(null);
      return null;
    }
  }).finally(() => {
    inFlight = null;
  });
  return inFlight;
}

/** Refresh this long before the access token expires. */
export const REFRESH_MARGIN_MS = 60_000;

/** Forces the next refreshSession() to trade the token even if it looks fresh (the server refused it). */
export function markAccessTokenExpired(): void {
  const session = sessionStore.get();
  if (session !== null) {
    sessionStore.set({ ...session, accessExpiresAt: 0 });
  }
}

/** Signs out here at once, and ends the login on the server (its refresh token stops working). */
export function logout(): void {
  const session = sessionStore.get();
  sessionStore.set(null);
  if (session !== null) {
    void fetch('/api/v1/auth/logout', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: session.refreshToken }),
      keepalive: true,
    }).catch(() => undefined);
  }
}

async function withLock<T>(work: () => Promise<T>): Promise<T> {
  if (navigator.locks === undefined) {
    return work();
  }
  let result: T | undefined;
  await navigator.locks.request('neodesk:admin:refresh', async () => {
    result = await work();
  });
  return result as T;
}
