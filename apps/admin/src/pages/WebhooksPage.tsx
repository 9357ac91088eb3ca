import { WebhooksManager } from '../features/webhooks/components/WebhooksManager';

export function WebhooksPage() {
  return (
    <div className="settings" aria-labelledby="page-title">
      <h1 id="page-title">Webhooks</h1>
      <p className="muted">
        Events sent to your systems as signed HTTP POSTs. Failed deliveries are retried with growing pauses; each
        attempt is listed under the endpoint&apos;s deliveries.
      </p>
      <WebhooksManager />
    </div>
  );
}
