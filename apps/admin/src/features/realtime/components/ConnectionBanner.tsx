import { useEffect, useState } from 'react';
import { useRealtime } from '../hooks/useRealtime';

/** A reconnect shorter than this (the socket renewed with a fresh token) is not worth a banner. */
const GRACE_MS = 1_500;

/** Says when live updates are paused; everything missed is fetched again on reconnect. */
export function ConnectionBanner() {
  const { state, sessions } = useRealtime();
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (state === 'connected') {
      setShown(false);
      return;
    }
    const timer = window.setTimeout(() => setShown(true), sessions === 0 ? 800 : GRACE_MS);
    return () => window.clearTimeout(timer);
  }, [state, sessions]);
  const text = !shown
    ? ''
    : sessions === 0
      ? 'Connecting to live updates…'
      : 'Offline: live updates paused. Reconnecting…';
  return (
    <div className={text === '' ? 'connection connection--ok' : 'connection'} role="status">
      {text}
    </div>
  );
}
