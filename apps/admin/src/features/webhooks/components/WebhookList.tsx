import type { WebhookDto } from '@neodesk/contracts';
import type { ReactNode } from 'react';
import { InlineConfirm } from '../../../shared/components/InlineConfirm';
import { dateTime } from '../../../shared/format';

/** The workspace's endpoints, each with its events and actions; `editing` shows its form in its place. */
export function WebhookList({
  webhooks,
  selectedId,
  busy,
  renderEditor,
  onEdit,
  onShowDeliveries,
  onRotate,
  onDelete,
}: {
  webhooks: WebhookDto[];
  selectedId: string | null;
  busy: boolean;
  renderEditor: (webhook: WebhookDto) => ReactNode | null;
  onEdit: (webhook: WebhookDto) => void;
  onShowDeliveries: (webhook: WebhookDto) => void;
  onRotate: (webhook: WebhookDto) => void;
  onDelete: (webhook: WebhookDto) => void;
}) {
  if (webhooks.length === 0) {
    return <p className="muted">No endpoints yet. Add one above to have events sent to your systems.</p>;
  }
  return (
    <ul className="endpoint-list">
      {webhooks.map((webhook) => {
        const editor = renderEditor(webhook);
        return (
          <li
            key={webhook.id}
            className={`endpoint${selectedId === webhook.id ? ' endpoint--selected' : ''}`}
            aria-label={webhook.url}
          >
            {editor ?? (
              <>
                <div className="endpoint__head">
                  <p className="endpoint__url">{webhook.url}</p>
                  <span className={`badge ${webhook.enabled ? 'badge--status-active' : 'badge--status-revoked'}`}>
                    {webhook.enabled ? 'Enabled' : 'Disabled'}
                  </span>
                </div>
                {webhook.description !== null && webhook.description !== '' ? (
                  <p className="endpoint__description">{webhook.description}</p>
                ) : null}
                <ul className="endpoint__events" aria-label="Events">
                  {webhook.events.map((type) => (
                    <li key={type} className="chip">
                      {type}
                    </li>
                  ))}
                </ul>
                <p className="access-note">Added {dateTime(webhook.createdAt)}</p>
                <div className="endpoint__actions">
                  <button
                    type="button"
                    className="button button--small"
                    aria-pressed={selectedId === webhook.id}
                    onClick={() => onShowDeliveries(webhook)}
                  >
                    Deliveries<span className="visually-hidden"> to {webhook.url}</span>
                  </button>
                  <button type="button" className="button button--small" onClick={() => onEdit(webhook)}>
                    Edit<span className="visually-hidden"> {webhook.url}</span>
                  </button>
                  <InlineConfirm
                    label={
                      <>
                        Rotate secret<span className="visually-hidden"> of {webhook.url}</span>
                      </>
                    }
                    question="Replace the signing secret? The old one stops at once."
                    confirmLabel="Rotate"
                    tone="normal"
                    busy={busy}
                    onConfirm={() => onRotate(webhook)}
                  />
                  <InlineConfirm
                    label={
                      <>
                        Delete<span className="visually-hidden"> {webhook.url}</span>
                      </>
                    }
                    question="Delete this endpoint and its delivery history?"
                    confirmLabel="Delete"
                    busy={busy}
                    onConfirm={() => onDelete(webhook)}
                  />
                </div>
              </>
            )}
          </li>
        );
      })}
    </ul>
  );
}
