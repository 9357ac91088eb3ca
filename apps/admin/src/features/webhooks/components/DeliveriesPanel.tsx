import type { WebhookDto } from '@neodesk/contracts';
import { useEffect, useRef } from 'react';
import { dateTime } from '../../../shared/format';
import { useDeliveries } from '../hooks/useWebhooks';
import { DeliveryDetail } from './DeliveryDetail';
import { DeliveryStatus } from './DeliveryStatus';

/** The endpoint's recent deliveries, refreshed every few seconds while the page is visible; one opened below. */
export function DeliveriesPanel({
  webhook,
  openedId,
  onOpen,
  onClose,
}: {
  webhook: WebhookDto;
  openedId: string | null;
  onOpen: (deliveryId: string | null) => void;
  onClose: () => void;
}) {
  const deliveries = useDeliveries(webhook.id);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), [webhook.id]);
  return (
    <section aria-labelledby="deliveries-title" className="card">
      <div className="access-card-head">
        <h2 id="deliveries-title" ref={headingRef} tabIndex={-1}>
          Deliveries to <span className="endpoint__url">{webhook.url}</span>
        </h2>
        <button type="button" className="button button--small button--quiet" onClick={onClose}>
          Close<span className="visually-hidden"> deliveries</span>
        </button>
      </div>
      <p className="muted">The 25 most recent, newest first. This list refreshes by itself.</p>
      {deliveries.isPending ? (
        <p role="status">Loading…</p>
      ) : deliveries.isError ? (
        <p role="alert">The deliveries could not be loaded: {deliveries.error.message}</p>
      ) : deliveries.data.data.length === 0 ? (
        <p className="muted">Nothing sent yet: deliveries appear here when a subscribed event happens.</p>
      ) : (
        <div className="access-scroll">
          <table className="data-table">
            <caption className="visually-hidden">Recent deliveries</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col" className="data-table__number">
                  Attempts
                </th>
                <th scope="col" className="data-table__number">
                  Response
                </th>
                <th scope="col">Next attempt</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="visually-hidden">Details</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {deliveries.data.data.map((delivery) => (
                <tr
                  key={delivery.id}
                  data-delivery-id={delivery.id}
                  className={openedId === delivery.id ? 'access-row--selected' : undefined}
                >
                  <th scope="row">
                    <code>{delivery.eventType}</code>
                  </th>
                  <td>
                    <DeliveryStatus status={delivery.status} />
                  </td>
                  <td className="data-table__number">{delivery.attemptCount}</td>
                  <td className="data-table__number">
                    {delivery.lastResponseStatus ?? <span className="muted">–</span>}
                  </td>
                  <td>
                    {delivery.nextAttemptAt === null ? (
                      <span className="muted">–</span>
                    ) : (
                      dateTime(delivery.nextAttemptAt)
                    )}
                  </td>
                  <td>{dateTime(delivery.createdAt)}</td>
                  <td className="access-cell-actions">
                    <button
                      type="button"
                      className="button button--small"
                      aria-expanded={openedId === delivery.id}
                      onClick={() => onOpen(openedId === delivery.id ? null : delivery.id)}
                    >
                      Details<span className="visually-hidden"> of the {delivery.eventType} delivery</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {openedId !== null ? <DeliveryDetail webhookId={webhook.id} deliveryId={openedId} /> : null}
    </section>
  );
}
