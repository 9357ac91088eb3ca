import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type CreateWebhookRequest,
  type ListWebhookDeliveriesQuery,
  type UpdateWebhookRequest,
  WEBHOOK_SECRET_PREFIX,
  type WebhookDeliveryDto,
  type WebhookDeliveryPageDto,
  type WebhookDto,
  type WebhookEventType,
  type WebhookListDto,
  type WebhookWithSecretDto,
} from '@neodesk/contracts';
import {
  Repositories,
  type WebhookChanges,
  type WebhookDeliveryAttemptEntity,
  type WebhookDeliveryEntity,
  type WebhookEntity,
} from '@neodesk/persistence';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { resolveReceiver } from './receiver-address-policy';
import { WebhookError, WebhookErrorCode } from './webhook.error';

/**
 * A workspace's webhook endpoints and their deliveries. The signing secret is generated here and shown
 * once (at creation and rotation); it is stored as it is, since signing needs it, and never read back out.
 */
@Injectable()
export class WebhooksService {
  constructor(
    @Inject(Repositories) private readonly repositories: Repositories,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(workspaceId: string, input: CreateWebhookRequest): Promise<WebhookWithSecretDto> {
    await this.assertReceiverAllowed(input.url);
    const secret = newSecret();
    const webhook = await this.repositories.webhooks.create({
      workspaceId,
      url: input.url,
      description: input.description ?? null,
      signingSecret: secret,
      events: input.events,
      isActive: input.enabled ?? true,
    });
    return { ...toWebhookDto(webhook), secret };
  }

  async list(workspaceId: string): Promise<WebhookListDto> {
    const webhooks = await this.repositories.webhooks.listByWorkspace(workspaceId);
    return { data: webhooks.map(toWebhookDto) };
  }

  async get(workspaceId: string, id: string): Promise<WebhookDto> {
    return toWebhookDto(await this.find(workspaceId, id));
  }

  async update(workspaceId: string, id: string, input: UpdateWebhookRequest): Promise<WebhookDto> {
    await this.find(workspaceId, id);
    if (input.url !== undefined) {
      await this.assertReceiverAllowed(input.url);
    }
    const changes: WebhookChanges = {
      ...(input.url === undefined ? {} : { url: input.url }),
      ...(input.events === undefined ? {} : { events: input.events }),
      ...(input.description === undefined ? {} : { description: input.description }),
      ...(input.enabled === undefined ? {} : { isActive: input.enabled }),
    };
    const updated = await this.repositories.webhooks.update(workspaceId, id, changes);
    if (updated === null) {
      throw notFound(id);
    }
    return toWebhookDto(updated);
  }

  /** Removes the endpoint and its deliveries (pending ones are not sent). */
  async delete(workspaceId: string, id: string): Promise<void> {
    if (!(await this.repositories.webhooks.delete(workspaceId, id))) {
      throw notFound(id);
    }
  }

  /** A new secret, in effect at once (deliveries from now on are signed with it); the answer shows it once. */
  async rotateSecret(workspaceId: string, id: string): Promise<WebhookWithSecretDto> {
    const secret = newSecret();
    if (!(await this.repositories.webhooks.replaceSecret(workspaceId, id, secret))) {
      throw notFound(id);
    }
    return { ...(await this.get(workspaceId, id)), secret };
  }

  async deliveries(
    workspaceId: string,
    webhookId: string,
    query: ListWebhookDeliveriesQuery,
  ): Promise<WebhookDeliveryPageDto> {
    await this.find(workspaceId, webhookId);
    // One row more than asked tells whether there is a next page.
    const rows = await this.repositories.webhookDeliveries.page(workspaceId, webhookId, {
      status: query.status,
      cursor: query.cursor,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    return {
      data: await this.withAttempts(workspaceId, page),
      nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
    };
  }

  async delivery(workspaceId: string, webhookId: string, deliveryId: string): Promise<WebhookDeliveryDto> {
    const delivery = await this.repositories.webhookDeliveries.findById(workspaceId, webhookId, deliveryId);
    if (delivery === null) {
      throw deliveryNotFound(deliveryId);
    }
    const [dto] = await this.withAttempts(workspaceId, [delivery]);
    return dto;
  }

  /** Sends a delivery again from now, whatever its status, with a fresh retry budget; the id stays the same. */
  async redeliver(workspaceId: string, webhookId: string, deliveryId: string): Promise<WebhookDeliveryDto> {
    const result = await this.repositories.webhookDeliveries.requeue(workspaceId, webhookId, deliveryId);
    if (result === null) {
      throw deliveryNotFound(deliveryId);
    }
    if (result === 'in_flight') {
      throw new WebhookError(
        WebhookErrorCode.DeliveryInFlight,
        `Delivery ${deliveryId} is being sent right now; ask again when this attempt has ended`,
      );
    }
    return this.delivery(workspaceId, webhookId, deliveryId);
  }

  private async find(workspaceId: string, id: string): Promise<WebhookEntity> {
    const webhook = await this.repositories.webhooks.findById(workspaceId, id);
    if (webhook === null) {
      throw notFound(id);
    }
    return webhook;
  }

  /** Refused at creation as at delivery: the host must resolve, and (unless allowed) only to public addresses. */
  private async assertReceiverAllowed(url: string): Promise<void> {
    await resolveReceiver(url, { allowPrivateNetworks: this.config.webhooks.allowPrivateNetworks });
  }

  private async withAttempts(workspaceId: string, deliveries: WebhookDeliveryEntity[]): Promise<WebhookDeliveryDto[]> {
    const attempts = await this.repositories.webhookDeliveries.attemptsOf(
      workspaceId,
      deliveries.map((delivery) => delivery.id),
    );
    const byDelivery = new Map<string, WebhookDeliveryAttemptEntity[]>();
    for (const attempt of attempts) {
      byDelivery.set(attempt.deliveryId, [...(byDelivery.get(attempt.deliveryId) ?? []), attempt]);
    }
    return deliveries.map((delivery) => toDeliveryDto(delivery, byDelivery.get(delivery.id) ?? []));
  }
}

/** 256 random bits after a recognisable prefix (secret scanners, logs). */
function newSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

function notFound(id: string): WebhookError {
  return new WebhookError(WebhookErrorCode.NotFound, `Webhook ${id} does not exist in this workspace`);
}

function deliveryNotFound(id: string): WebhookError {
  return new WebhookError(WebhookErrorCode.DeliveryNotFound, `Delivery ${id} does not exist for this webhook`);
}

function toWebhookDto(webhook: WebhookEntity): WebhookDto {
  return {
    id: webhook.id,
    url: webhook.url,
    events: webhook.events as WebhookEventType[],
    enabled: webhook.isActive,
    description: webhook.description,
    createdAt: webhook.createdAt.toISOString(),
    updatedAt: webhook.updatedAt.toISOString(),
  };
}

function toDeliveryDto(delivery: WebhookDeliveryEntity, attempts: WebhookDeliveryAttemptEntity[]): WebhookDeliveryDto {
  const eventType = delivery.eventType as WebhookEventType;
  return {
    id: delivery.id,
    webhookId: delivery.webhookId,
    eventId: delivery.eventId,
    eventType,
    status: delivery.status,
    attemptCount: delivery.attempts,
    nextAttemptAt: delivery.status === 'pending' ? delivery.nextAttemptAt.toISOString() : null,
    lastResponseStatus: delivery.lastResponseStatus,
    lastError: delivery.lastError,
    deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
    createdAt: delivery.createdAt.toISOString(),
    event: {
      id: delivery.eventId,
      type: eventType,
      createdAt: delivery.createdAt.toISOString(),
      workspaceId: delivery.workspaceId,
      data: delivery.payload,
    },
    attempts: attempts.map((attempt) => ({
      attempt: attempt.attempt,
      startedAt: attempt.startedAt.toISOString(),
      durationMs: attempt.durationMs,
      responseStatus: attempt.responseStatus,
      error: attempt.error,
    })),
  };
}
