import type { WorkerDto } from '@neodesk/contracts';
import { elapsed } from '../../../shared/format';
import { useNow } from '../../../shared/hooks/useNow';
import { NO_DATA, formatDecimal, formatDuration } from '../../reports/report-format';
import { useWorkers } from '../hooks/useWorkers';

function Missing() {
  return (
    <>
      <span aria-hidden="true">{NO_DATA}</span>
      <span className="visually-hidden">no data</span>
    </>
  );
}

function Figure({ value }: { value: string }) {
  return value === NO_DATA ? <Missing /> : <>{value}</>;
}

/** "12 s ago", "4 min ago": how long since, to the second. */
function ago(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return seconds < 60 ? `${seconds} s ago` : `${elapsed(iso, now)} ago`;
}

/** The inference workers connected now, with their load and speed; without any, what that means. */
export function WorkersPanel() {
  const workers = useWorkers();
  const now = useNow(1000);
  const list = workers.data;
  return (
    <section className="card" aria-labelledby="workers-title">
      <h2 id="workers-title">Inference workers</h2>
      {workers.error !== null ? (
        <p className="banner banner--error" role="alert">
          The workers could not be loaded: {workers.error.message}
        </p>
      ) : list === undefined ? (
        <p className="muted" role="status">
          Loading…
        </p>
      ) : list.length === 0 ? (
        <div className="live-empty" role="status">
          <strong>No inference worker connected: the bot cannot answer; conversations go to people.</strong>
          Start a worker (see the README, &ldquo;Inference worker&rdquo;) to let the bot answer again.
        </div>
      ) : (
        <>
          <div className="report-table">
            <table className="data-table worker-table">
              <caption>
                {list.length} {list.length === 1 ? 'worker' : 'workers'} connected
              </caption>
              <thead>
                <tr>
                  <th scope="col">Worker</th>
                  <th scope="col">Model</th>
                  <th scope="col">Provider, decoder</th>
                  <th scope="col" className="data-table__number">
                    Max batch
                  </th>
                  <th scope="col" className="data-table__number">
                    Replies running
                  </th>
                  <th scope="col" className="data-table__number">
                    Replies waiting
                  </th>
                  <th scope="col" className="data-table__number">
                    Tokens/s
                  </th>
                  <th scope="col" className="data-table__number">
                    First token p50
                  </th>
                  <th scope="col">Connected</th>
                  <th scope="col">Last seen</th>
                </tr>
              </thead>
              <tbody>
                {list.map((worker: WorkerDto) => {
                  const measured = workers.tokensPerSecond(worker);
                  return (
                    <tr key={worker.id} data-worker-id={worker.id}>
                      <th scope="row">
                        {worker.host}
                        <small>pid {worker.pid}</small>
                      </th>
                      <td className="worker-table__model">
                        {worker.modelId}
                        <small>{worker.modelVersion}</small>
                      </td>
                      <td>
                        {worker.provider}
                        <small>{worker.decoder}</small>
                      </td>
                      <td className="data-table__number">{worker.maxBatchSize}</td>
                      <td className="data-table__number">
                        <Figure value={worker.running === null ? NO_DATA : String(worker.running)} />
                      </td>
                      <td className="data-table__number">
                        <Figure value={worker.waiting === null ? NO_DATA : String(worker.waiting)} />
                      </td>
                      <td className="data-table__number">
                        <Figure value={formatDecimal(measured)} />
                        <small>
                          {worker.interTokenP50Ms === null || worker.interTokenP50Ms === 0
                            ? 'per reply: no data'
                            : `per reply ${formatDecimal(1000 / worker.interTokenP50Ms)}`}
                        </small>
                      </td>
                      <td className="data-table__number">
                        <Figure value={formatDuration(worker.timeToFirstTokenP50Ms)} />
                      </td>
                      <td>
                        <time dateTime={worker.connectedAt} title={new Date(worker.connectedAt).toLocaleString()}>
                          {ago(worker.connectedAt, now)}
                        </time>
                      </td>
                      <td>
                        <time dateTime={worker.lastSeenAt}>{ago(worker.lastSeenAt, now)}</time>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p className="muted worker-note">
            Tokens/s: the growth of the worker&apos;s generated tokens over the last 30 s, all replies together
            (&ldquo;—&rdquo; until 10 s are measured); &ldquo;per reply&rdquo;: 1000 ÷ its median time between two
            tokens. Running and waiting come from its heartbeat every 5 s.
          </p>
        </>
      )}
    </section>
  );
}
