import { myStatusStore } from '../my-status-store';
import { useMyStatus } from '../hooks/useMyStatus';

/** "Online" or "Away" for this agent, as colleagues see it. */
export function MyStatusToggle() {
  const status = useMyStatus();
  return (
    <button
      type="button"
      className={`button button--quiet status-toggle status-toggle--${status}`}
      title={
        status === 'away' ? 'Colleagues see you as away. Click to be online.' : 'Click to show colleagues you are away.'
      }
      onClick={() => myStatusStore.set(status === 'away' ? 'online' : 'away')}
    >
      <span className="team__dot" aria-hidden="true" />
      <span className="visually-hidden">Your status: </span>
      {status === 'away' ? 'Away' : 'Online'}
    </button>
  );
}
