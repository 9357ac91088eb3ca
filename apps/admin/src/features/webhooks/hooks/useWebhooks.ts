import type { UpdateWebhookRequest } from '@neodesk/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createWebhook,
  deleteWebhook,
  getDelivery,
  listDeliveries,
  listWebhooks,
  redeliver,
  rotateWebhookSecret,
  updateWebhook,
  webhookKeys,
} from '../webhooks-api';

/** Deliveries change on their own (retries, new events): polled while the page is visible. */
const DELIVERY_POLL_MS = 3_000;

export function useWebhooks() {
  return useQuery({ queryKey: webhookKeys.all, queryFn: listWebhooks });
}

export function useWebhookMutations() {
  const queryClient = useQueryClient();
  const done = () => queryClient.invalidateQueries({ queryKey: webhookKeys.all });
  return {
    create: useMutation({ mutationFn: createWebhook, onSuccess: done }),
    update: useMutation({
      mutationFn: (value: { id: string; changes: UpdateWebhookRequest }) => updateWebhook(value.id, value.changes),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: (webhook: { id: string; url: string }) => deleteWebhook(webhook.id),
      onSuccess: done,
    }),
    rotate: useMutation({ mutationFn: (webhook: { id: string; url: string }) => rotateWebhookSecret(webhook.id) }),
  };
}

// refetchInterval stops while the tab is hidden (refetchIntervalInBackground is off).
export function useDeliveries(webhookId: string) {
  return useQuery({
    queryKey: webhookKeys.deliveries(webhookId),
    queryFn: () => listDeliveries(webhookId),
    refetchInterval: DELIVERY_POLL_MS,
    staleTime: 0,
  });
}

export function useDelivery(webhookId: string, deliveryId: string) {
  return useQuery({
    queryKey: webhookKeys.delivery(webhookId, deliveryId),
    queryFn: () => getDelivery(webhookId, deliveryId),
    refetchInterval: DELIVERY_POLL_MS,
    staleTime: 0,
  });
}

export function useRedeliver(webhookId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: string) => redeliver(webhookId, deliveryId),
    onSuccess: (delivery) => {
      queryClient.setQueryData(webhookKeys.delivery(webhookId, delivery.id), delivery);
      return queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(webhookId) });
    },
  });
}
