import { useEffect, useRef } from 'react';
import { ApiError } from '../../../shared/api/api-error';
import { dateTime } from '../../../shared/format';
import { useDelivery, useRedeliver } from '../hooks/useWebhooks';
import { DeliveryStatus } from './DeliveryStatus';

/** One delivery: the body sent, every attempt with the receiver's answer, and a Redeliver button. */
export function DeliveryDetail({ webhookId, deliveryId }: { webhookId: string; deliveryId: string }) {
  const delivery = useDelivery(webhookId, deliveryId);
  const redeliver = useRedeliver(webhookId);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), [deliveryId]);
  const inFlight = redeliver.error instanceof ApiError && redeliver.error.status === 409;
  return (
    <section className="delivery" aria-labelledby="delivery-title">
      <h3 id="delivery-title" ref={headingRef} tabIndex={-1}>
        Delivery <code>{deliveryId}</code>
      </h3>
      {delivery.isPending ? (
        <p role="status">Loading…</p>
      ) : delivery.isError ? (
        <p role="alert">The delivery could not be loaded: {delivery.error.message}</p>
      ) : (
        <>
          <dl className="access-facts">
            <div>
              <dt>Event</dt>
              <dd>
                <code>{delivery.data.eventType}</code>
              </dd>
            </div>
            <div>
              <dt>Status</dt>
              <dd>
                <DeliveryStatus status={delivery.data.status} />
              </dd>
            </div>
            <div>
              <dt>Created</dt>
              <dd>{dateTime(delivery.data.createdAt)}</dd>
            </div>
            <div>
              <dt>Delivered</dt>
              <dd>{delivery.data.deliveredAt === null ? '–' : dateTime(delivery.data.deliveredAt)}</dd>
            </div>
            {delivery.data.nextAttemptAt !== null ? (
              <div>
                <dt>Next attempt</dt>
                <dd>{dateTime(delivery.data.nextAttemptAt)}</dd>
              </div>
            ) : null}
          </dl>
          <div className="delivery__bar">
            <button
              type="button"
              className="button button--small"
              disabled={redeliver.isPending}
              onClick={() => redeliver.mutate(deliveryId)}
            >
              {redeliver.isPending ? 'Sending…' : 'Redeliver'}
            </button>
            <span className="muted" role="status">
              {redeliver.isSuccess && !redeliver.isPending ? 'Sent again: the new attempt is added below.' : ''}
            </span>
          </div>
          {redeliver.isError ? (
            <p className="banner banner--error" role="alert">
              {inFlight ? 'An attempt is being sent right now; try again when it has ended.' : redeliver.error.message}
            </p>
          ) : null}
          <table className="data-table">
            <caption>Attempts</caption>
            <thead>
              <tr>
                <th scope="col" className="data-table__number">
                  #
                </th>
                <th scope="col">Started</th>
                <th scope="col" className="data-table__number">
                  Response
                </th>
                <th scope="col" className="data-table__number">
                  Took
                </th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {delivery.data.attempts.length === 0 ? (
                <tr>
                  <td colSpan={5} className="muted">
                    No attempt yet.
                  </td>
                </tr>
              ) : (
                delivery.data.attempts.map((attempt) => (
                  <tr key={attempt.attempt}>
                    <td className="data-table__number">{attempt.attempt}</td>
                    <td>{dateTime(attempt.startedAt)}</td>
                    <td className="data-table__number">{attempt.responseStatus ?? '–'}</td>
                    <td className="data-table__number">
                      {attempt.durationMs === null ? '–' : `${attempt.durationMs} ms`}
                    </td>
                    <td>{attempt.error ?? ''}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
          <p className="field__label">Request body</p>
          <pre className="access-usage__code delivery__body" tabIndex={0} aria-label="Request body">
            <code>{JSON.stringify(delivery.data.event, null, 2)}</code>
          </pre>
        </>
      )}
    </section>
  );
}
