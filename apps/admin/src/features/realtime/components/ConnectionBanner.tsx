import { useRealtime } from '../hooks/useRealtime';

/** Says when live updates are paused; everything missed is fetched again on reconnect. */
export function ConnectionBanner() {
  const { state, sessions } = useRealtime();
  const text =
    state === 'connected'
      ? ''
      : sessions === 0
        ? 'Connecting to live updates…'
        : 'Offline: live updates paused. Reconnecting…';
  return (
    <div className={state === 'connected' ? 'connection connection--ok' : 'connection'} role="status">
      {text}
    </div>
  );
}
