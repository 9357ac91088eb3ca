import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';

/**
 * The note a page was opened with ("Article created", "… was deleted"), from the navigation's state: held
 * while the address stays, and dropped from the history entry so a reload or a return does not say it again.
 */
export function usePageNotice(): string | undefined {
  const location = useLocation();
  const navigate = useNavigate();
  const incoming = (location.state as { notice?: string } | null)?.notice;
  const [held, setHeld] = useState<{ pathname: string; notice: string } | null>(null);
  // The router may keep this page mounted from one address to the next (new article -> its editor).
  if (incoming !== undefined && (held?.notice !== incoming || held.pathname !== location.pathname)) {
    setHeld({ pathname: location.pathname, notice: incoming });
  }
  useEffect(() => {
    if (incoming !== undefined) {
      void navigate({ pathname: location.pathname, search: location.search }, { replace: true, state: null });
    }
  }, [incoming, location.pathname, location.search, navigate]);
  return held?.pathname === location.pathname ? held.notice : incoming;
}
