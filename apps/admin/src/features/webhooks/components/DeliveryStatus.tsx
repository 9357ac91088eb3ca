import type { WebhookDeliveryStatusValue } from '@neodesk/contracts';

const LABELS: Readonly<Record<WebhookDeliveryStatusValue, string>> = {
  pending: 'Pending',
  succeeded: 'Delivered',
  failed: 'Failed',
};

export function DeliveryStatus({ status }: { status: WebhookDeliveryStatusValue }) {
  return <span className={`badge badge--delivery-${status}`}>{LABELS[status]}</span>;
}
