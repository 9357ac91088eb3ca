import {
  createWebhookRequestSchema,
  listWebhookDeliveriesQuerySchema,
  updateWebhookRequestSchema,
  webhookDeliveryPageSchema,
  webhookDeliveryParamsSchema,
  webhookDeliverySchema,
  webhookIdParamsSchema,
  webhookListSchema,
  webhookSchema,
  webhookWithSecretSchema,
} from '@neodesk/contracts';
import { createZodDto } from 'nestjs-zod';

// Classes over the contracts' schemas: the global pipe validates with them, OpenAPI documents them.
export class CreateWebhookRequestDto extends createZodDto(createWebhookRequestSchema) {}
export class UpdateWebhookRequestDto extends createZodDto(updateWebhookRequestSchema) {}
export class WebhookIdParamsDto extends createZodDto(webhookIdParamsSchema) {}
export class WebhookDeliveryParamsDto extends createZodDto(webhookDeliveryParamsSchema) {}
export class ListWebhookDeliveriesQueryDto extends createZodDto(listWebhookDeliveriesQuerySchema) {}
export class WebhookResponseDto extends createZodDto(webhookSchema) {}
export class WebhookWithSecretResponseDto extends createZodDto(webhookWithSecretSchema) {}
export class WebhookListResponseDto extends createZodDto(webhookListSchema) {}
export class WebhookDeliveryResponseDto extends createZodDto(webhookDeliverySchema) {}
export class WebhookDeliveryPageResponseDto extends createZodDto(webhookDeliveryPageSchema) {}
