import { Link } from 'react-router';
import { useNow } from '../../../shared/hooks/useNow';
import { STATUS_LABELS } from '../../inbox/inbox-views';
import { formatDuration } from '../../reports/report-format';
import { useLiveReport } from '../hooks/useLiveReport';

const OPEN_STATUSES = ['bot', 'waiting_human', 'human'] as const;

/** Whole seconds: a wait that ticks should not flicker tenths. */
function formatWait(ms: number): string {
  return formatDuration(Math.floor(ms / 1000) * 1000);
}

/** Open conversations by status, and how long the one waiting longest for a person has waited (ticking). */
export function OpenConversations() {
  const live = useLiveReport();
  const now = useNow(1000);
  const report = live.data;
  const waitMs =
    report === undefined || report.longestWaitMs === null
      ? null
      : report.longestWaitMs + Math.max(0, now - live.dataUpdatedAt);
  return (
    <section className="card" aria-labelledby="open-title">
      <h2 id="open-title">Open conversations</h2>
      {live.error !== null ? (
        <p className="banner banner--error" role="alert">
          The counts could not be loaded: {live.error.message}
        </p>
      ) : report === undefined ? (
        <p className="muted" role="status">
          Loading…
        </p>
      ) : (
        <>
          <dl className="live-counts" aria-live="polite">
            {OPEN_STATUSES.map((status) => (
              <div
                key={status}
                className={`live-count live-count--${status}${status === 'waiting_human' && report.open.waiting_human > 0 ? ' live-count--alert' : ''}`}
                data-status={status}
              >
                <dt>{STATUS_LABELS[status]}</dt>
                <dd>{report.open[status]}</dd>
              </div>
            ))}
            <div className={`live-count live-count--wait${waitMs === null ? '' : ' live-count--alert'}`}>
              <dt>Longest wait for a person</dt>
              <dd data-testid="longest-wait">{waitMs === null ? 'Nobody waits' : formatWait(waitMs)}</dd>
            </div>
          </dl>
          <p className="muted operations__updated">
            A conversation waits from its latest handoff to a person.{' '}
            {report.open.waiting_human > 0 ? <Link to="/inbox/waiting">Open the waiting queue</Link> : null}
          </p>
        </>
      )}
    </section>
  );
}
