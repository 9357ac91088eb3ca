import { useEffect } from 'react';
import { REFRESH_MARGIN_MS, refreshSession } from '../auth-api';
import { useSession } from './useSession';

/** Rotates the tokens a minute before the access token expires, for as long as the dashboard is open. */
export function useTokenRefresh(): void {
  const session = useSession();
  const expiresAt = session?.accessExpiresAt;
  useEffect(() => {
    if (expiresAt === undefined) {
      return;
    }
    const delay = Math.max(0, expiresAt - Date.now() - REFRESH_MARGIN_MS);
    const timer = window.setTimeout(() => void refreshSession(), delay);
    return () => window.clearTimeout(timer);
  }, [expiresAt]);
}
