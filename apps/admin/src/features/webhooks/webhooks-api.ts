import type {
  CreateWebhookRequest,
  UpdateWebhookRequest,
  WebhookDeliveryDto,
  WebhookDeliveryPageDto,
  WebhookDto,
  WebhookWithSecretDto,
} from '@neodesk/contracts';
import { apiFetch, jsonBody } from '../../shared/api/api-client';

export const webhookKeys = {
  all: ['webhooks'] as const,
  deliveries: (webhookId: string) => ['webhooks', webhookId, 'deliveries'] as const,
  delivery: (webhookId: string, deliveryId: string) => ['webhooks', webhookId, 'deliveries', deliveryId] as const,
};

const base = '/api/v1/webhooks';
const at = (id: string) => `${base}/${encodeURIComponent(id)}`;

export async function listWebhooks(): Promise<WebhookDto[]> {
  return (await apiFetch<{ data: WebhookDto[] }>(base)).data;
}

export function createWebhook(input: CreateWebhookRequest): Promise<WebhookWithSecretDto> {
  return apiFetch<WebhookWithSecretDto>(base, { method: 'POST', body: jsonBody(input) });
}

export function updateWebhook(id: string, changes: UpdateWebhookRequest): Promise<WebhookDto> {
  return apiFetch<WebhookDto>(at(id), { method: 'PATCH', body: jsonBody(changes) });
}

export function deleteWebhook(id: string): Promise<void> {
  return apiFetch<void>(at(id), { method: 'DELETE' });
}

export function rotateWebhookSecret(id: string): Promise<WebhookWithSecretDto> {
  return apiFetch<WebhookWithSecretDto>(`${at(id)}/rotate-secret`, { method: 'POST' });
}

export function listDeliveries(webhookId: string): Promise<WebhookDeliveryPageDto> {
  return apiFetch<WebhookDeliveryPageDto>(`${at(webhookId)}/deliveries?limit=25`);
}

export function getDelivery(webhookId: string, deliveryId: string): Promise<WebhookDeliveryDto> {
  return apiFetch<WebhookDeliveryDto>(`${at(webhookId)}/deliveries/${encodeURIComponent(deliveryId)}`);
}

export function redeliver(webhookId: string, deliveryId: string): Promise<WebhookDeliveryDto> {
  return apiFetch<WebhookDeliveryDto>(`${at(webhookId)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`, {
    method: 'POST',
  });
}
