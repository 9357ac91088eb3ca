/** Longest receiver URL accepted. */
export const MAX_WEBHOOK_URL_LENGTH = 2048;
/** Longest endpoint description accepted (after trimming). */
export const MAX_WEBHOOK_DESCRIPTION = 200;
export const WEBHOOK_DELIVERY_STATUS_VALUES = ['pending', 'succeeded', 'failed'] as const;
export type WebhookDeliveryStatusValue = (typeof WEBHOOK_DELIVERY_STATUS_VALUES)[number];
