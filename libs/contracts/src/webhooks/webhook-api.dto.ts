import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from './webhook-events';
import { MAX_WEBHOOK_DESCRIPTION, MAX_WEBHOOK_URL_LENGTH, WEBHOOK_DELIVERY_STATUS_VALUES } from './webhook-limits';

// The limits live in a zod-free module, so the dashboard's forms check the same ones.
export * from './webhook-limits';

const url = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .max(MAX_WEBHOOK_URL_LENGTH)
  .describe('http or https, no user name or password in it; refused if the host resolves to a private address');

const events = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length)
  .refine((list) => new Set(list).size === list.length, { message: 'events must not repeat' });

const description = z.string().trim().max(MAX_WEBHOOK_DESCRIPTION).nullable();

/** `POST /api/v1/webhooks`. */
export const createWebhookRequestSchema = z
  .strictObject({
    url,
    events,
    description: description.optional(),
    /** Default true; a disabled endpoint gets nothing until enabled again (its pending deliveries wait). */
    enabled: z.boolean().optional(),
  })
  .meta({
    examples: [
      {
        url: 'https://crm.example.com/hooks/neodesk',
        events: ['conversation.handoff', 'message.created'],
        description: 'CRM tickets',
      },
    ],
  });
export type CreateWebhookRequest = z.infer<typeof createWebhookRequestSchema>;

/** `PATCH /api/v1/webhooks/:id`: any of the fields, at least one. */
export const updateWebhookRequestSchema = z
  .strictObject({
    url: url.optional(),
    events: events.optional(),
    description: description.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one field to change' })
  .meta({ examples: [{ enabled: false }] });
export type UpdateWebhookRequest = z.infer<typeof updateWebhookRequestSchema>;

const webhookShape = {
  id: z.guid(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  enabled: z.boolean(),
  description: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
};

const webhookExample = {
  id: '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c',
  url: 'https://crm.example.com/hooks/neodesk',
  events: ['conversation.handoff', 'message.created'],
  enabled: true,
  description: 'CRM tickets',
  createdAt: '2026-11-26T10:00:00.000Z',
  updatedAt: '2026-11-26T10:00:00.000Z',
};

/** An endpoint as listed: never its secret. */
export const webhookSchema = z.object(webhookShape).meta({ examples: [webhookExample] });
export type WebhookDto = z.infer<typeof webhookSchema>;

/** The answer to creating an endpoint or rotating its secret: the only time the secret is shown. */
export const webhookWithSecretSchema = z
  .object({ ...webhookShape, secret: z.string() })
  .meta({ examples: [{ ...webhookExample, secret: 'whsec_9kQ2mV7xL3pR8tW1yZ5cB0nH4jF6dS2aE9uX7iO3gM1' }] });
export type WebhookWithSecretDto = z.infer<typeof webhookWithSecretSchema>;

export const webhookListSchema = z
  .object({ data: z.array(webhookSchema) })
  .meta({ examples: [{ data: [webhookExample] }] });
export type WebhookListDto = z.infer<typeof webhookListSchema>;

export const webhookIdParamsSchema = z.strictObject({ id: z.guid() });
export type WebhookIdParams = z.infer<typeof webhookIdParamsSchema>;

export const webhookDeliveryParamsSchema = z.strictObject({ id: z.guid(), deliveryId: z.guid() });
export type WebhookDeliveryParams = z.infer<typeof webhookDeliveryParamsSchema>;

export const DEFAULT_WEBHOOK_DELIVERY_PAGE = 25;
export const MAX_WEBHOOK_DELIVERY_PAGE = 100;

/** `GET /api/v1/webhooks/:id/deliveries`: newest first; pass `nextCursor` back as `cursor`. */
export const listWebhookDeliveriesQuerySchema = z.strictObject({
  status: z.enum(WEBHOOK_DELIVERY_STATUS_VALUES).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_WEBHOOK_DELIVERY_PAGE).default(DEFAULT_WEBHOOK_DELIVERY_PAGE),
  cursor: z.guid().optional(),
});
export type ListWebhookDeliveriesQuery = z.infer<typeof listWebhookDeliveriesQuerySchema>;

export const webhookDeliveryAttemptSchema = z.object({
  /** 1 for the first attempt; redeliveries continue the count. */
  attempt: z.int(),
  startedAt: z.iso.datetime(),
  /** Null for an attempt whose sender stopped before it ended (the lease expired). */
  durationMs: z.int().nullable(),
  /** The receiver's HTTP status; null when no answer came (refused, DNS, connection, timeout). */
  responseStatus: z.int().nullable(),
  error: z.string().nullable(),
});
export type WebhookDeliveryAttemptDto = z.infer<typeof webhookDeliveryAttemptSchema>;

const deliveryExample = {
  id: '8e7d6c5b-4a39-4281-9f0e-1d2c3b4a5968',
  webhookId: webhookExample.id,
  eventId: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d',
  eventType: 'conversation.handoff',
  status: 'succeeded',
  attemptCount: 2,
  nextAttemptAt: null,
  lastResponseStatus: 200,
  lastError: null,
  deliveredAt: '2026-11-26T10:05:11.000Z',
  createdAt: '2026-11-26T10:05:00.000Z',
  event: {
    id: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d',
    type: 'conversation.handoff',
    createdAt: '2026-11-26T10:05:00.000Z',
    workspaceId: '1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
    data: { conversation: { id: '6c1f9a3e-2b7d-4c59-9a51-1f0e8d2b7c44' }, reason: 'visitor_request' },
  },
  attempts: [
    {
      attempt: 1,
      startedAt: '2026-11-26T10:05:00.100Z',
      durationMs: 120,
      responseStatus: 500,
      error: 'The receiver answered HTTP 500',
    },
    { attempt: 2, startedAt: '2026-11-26T10:05:11.000Z', durationMs: 85, responseStatus: 200, error: null },
  ],
};

/** One event owed to one endpoint, with every attempt made so far. */
export const webhookDeliverySchema = z
  .object({
    /** Sent as `Neodesk-Webhook-Id`. */
    id: z.guid(),
    webhookId: z.guid(),
    eventId: z.guid(),
    eventType: z.enum(WEBHOOK_EVENT_TYPES),
    status: z.enum(WEBHOOK_DELIVERY_STATUS_VALUES),
    attemptCount: z.int(),
    /** When the next attempt is due (pending deliveries only). */
    nextAttemptAt: z.iso.datetime().nullable(),
    lastResponseStatus: z.int().nullable(),
    lastError: z.string().nullable(),
    deliveredAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    /** The body that is sent. */
    event: z.object({
      id: z.guid(),
      type: z.enum(WEBHOOK_EVENT_TYPES),
      createdAt: z.iso.datetime(),
      workspaceId: z.guid(),
      data: z.record(z.string(), z.unknown()),
    }),
    attempts: z.array(webhookDeliveryAttemptSchema),
  })
  .meta({ examples: [deliveryExample] });
export type WebhookDeliveryDto = z.infer<typeof webhookDeliverySchema>;

export const webhookDeliveryPageSchema = z
  .object({ data: z.array(webhookDeliverySchema), nextCursor: z.guid().nullable() })
  .meta({ examples: [{ data: [deliveryExample], nextCursor: null }] });
export type WebhookDeliveryPageDto = z.infer<typeof webhookDeliveryPageSchema>;
