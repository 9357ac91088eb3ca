import { Module } from '@nestjs/common';
import { GuardrailsModule } from '../guardrails/guardrails.module';
import { WebhookDeliveryPruner } from './webhook-delivery-pruner';
import { WebhookDispatcher } from './webhook-dispatcher.service';
import { WebhookSender } from './webhook-sender';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/**
 * Webhook endpoints (REST, admins) and the dispatcher that sends the outbox. Events are written to the
 * outbox by the domain services themselves (`tx.webhookDeliveries.enqueue`), in their own transactions;
 * finished deliveries are pruned after WEBHOOK_RETENTION_DAYS.
 */
@Module({
  imports: [GuardrailsModule],
  controllers: [WebhooksController],
  providers: [WebhooksService, WebhookSender, WebhookDispatcher, WebhookDeliveryPruner],
})
export class WebhooksModule {}
