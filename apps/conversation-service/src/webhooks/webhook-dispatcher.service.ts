import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  Optional,
} from '@nestjs/common';
import type { WebhookEventBody } from '@neodesk/contracts';
import { type ClaimedDelivery, OutboxSignal, Repositories } from '@neodesk/persistence';
import type { AppConfig } from '../config/app-config';
import { GuardrailSettingsService } from '../guardrails/guardrail-settings.service';
import { isIdOrTimestampKey, redactPiiDeep } from '../guardrails/pii/pii-redactor';
import { Metrics } from '../metrics/metrics';
import { APP_CONFIG } from '../config/config.module';
import { WebhookSender } from './webhook-sender';

/** A claim outlives the slowest attempt by this much before another dispatcher may take the row again. */
const LEASE_MARGIN_MS = 30_000;
/** On shutdown, attempts in flight get this long (at most half the timeout) before they are interrupted. */
const SHUTDOWN_GRACE_MS = 2_000;
const BACKOFF_FACTOR = 3;
const JITTER = 0.2;

/** The delay before retry `n` (after the n-th attempt of a round): base * 3^(n-1), capped, plus or minus 20%. */
export function retryDelayMs(roundAttempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * BACKOFF_FACTOR ** Math.max(0, roundAttempt - 1));
  return Math.round(exponential * (1 - JITTER + 2 * JITTER * random()));
}

/**
 * The JSON body of a delivery: the same bytes on every attempt (while the workspace's redaction setting
 * stays). `redactPii`: personal data in the event's texts is masked (`redactPiiInWebhooks`).
 */
export function deliveryBody(delivery: ClaimedDelivery, redactPii = false): string {
  const data = redactPii ? redactPiiDeep(delivery.payload, isIdOrTimestampKey) : delivery.payload;
  const body: WebhookEventBody = {
    id: delivery.eventId,
    type: delivery.eventType,
    createdAt: delivery.createdAt.toISOString(),
    workspaceId: delivery.workspaceId,
    data: data as unknown as WebhookEventBody['data'],
  };
  return JSON.stringify(body);
}

/**
 * Sends the outbox. Every replica runs one: it claims due rows (FOR UPDATE SKIP LOCKED, so replicas never
 * take the same row), sends them off the request path, records each attempt and schedules retries. All
 * state is in PostgreSQL: a row claimed by a process that died is taken again when its lease has passed.
 * A commit of this process that enqueued rows wakes it at once; otherwise it polls.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private readonly inFlight = new Map<string, { abort: AbortController; done: Promise<void> }>();
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private ticking: Promise<void> | undefined;
  private tickAgain = false;
  private stopping = false;

  constructor(
    @Inject(Repositories) private readonly repositories: Repositories,
    @Inject(OutboxSignal) private readonly outbox: OutboxSignal,
    @Inject(WebhookSender) private readonly sender: WebhookSender,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(GuardrailSettingsService) private readonly guardrails: GuardrailSettingsService,
    @Optional() @Inject(Metrics) private readonly metrics?: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.outbox.subscribe(() => this.wake());
    this.wake();
  }

  /** Stops claiming, gives attempts in flight a short grace, interrupts the rest and records them. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    clearTimeout(this.timer);
    await this.ticking;
    const pending = [...this.inFlight.values()];
    if (pending.length > 0) {
      const grace = Math.min(SHUTDOWN_GRACE_MS, this.config.webhooks.timeoutMs / 2);
      let graceTimer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(pending.map((entry) => entry.done)),
        new Promise((resolve) => (graceTimer = setTimeout(resolve, grace))),
      ]);
      clearTimeout(graceTimer);
      for (const entry of this.inFlight.values()) {
        entry.abort.abort();
      }
      await Promise.all([...this.inFlight.values()].map((entry) => entry.done));
    }
  }

  /** Looks for due deliveries now (coalesced: a wake during a pass runs one more pass). */
  wake(): void {
    if (this.stopping) {
      return;
    }
    if (this.ticking !== undefined) {
      this.tickAgain = true;
      return;
    }
    this.ticking = this.tick().finally(() => {
      this.ticking = undefined;
      if (this.tickAgain) {
        this.tickAgain = false;
        this.wake();
      }
    });
  }

  private async tick(): Promise<void> {
    const { concurrency, pollIntervalMs, timeoutMs } = this.config.webhooks;
    try {
      while (!this.stopping) {
        const free = concurrency - this.inFlight.size;
        if (free <= 0) {
          // A finishing attempt wakes the dispatcher again.
          return;
        }
        const claimed = await this.repositories.webhookDeliveries.claimDue(free, timeoutMs + LEASE_MARGIN_MS);
        for (const delivery of claimed) {
          this.start(delivery);
        }
        if (claimed.length < free) {
          break;
        }
      }
    } catch (error) {
      this.logger.warn(`Could not claim webhook deliveries: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.scheduleIn(pollIntervalMs);
  }

  private start(delivery: ClaimedDelivery): void {
    const abort = new AbortController();
    const done = this.attempt(delivery, abort.signal)
      .catch((error: unknown) => {
        // The claim lapses and another pass takes the row again.
        this.logger.error(
          `Webhook delivery ${delivery.id} attempt ${delivery.attempt} could not be recorded: ${
            error instanceof Error ? error.message : String(error)
          }`,
        );
      })
      .finally(() => {
        this.inFlight.delete(delivery.id);
        this.wake();
      });
    this.inFlight.set(delivery.id, { abort, done });
  }

  private async attempt(delivery: ClaimedDelivery, signal: AbortSignal): Promise<void> {
    const { maxAttempts, retryBaseMs, retryMaxMs } = this.config.webhooks;
    const { redactPiiInWebhooks } = await this.guardrails.get(delivery.workspaceId);
    const outcome = await this.sender.send(
      {
        url: delivery.url,
        deliveryId: delivery.id,
        secret: delivery.signingSecret,
        body: deliveryBody(delivery, redactPiiInWebhooks),
      },
      signal,
    );
    const interrupted = signal.aborted;
    const gaveUp = !outcome.ok && !interrupted && delivery.roundAttempt >= maxAttempts;
    const status = outcome.ok ? 'succeeded' : gaveUp ? 'failed' : 'pending';
    // An attempt cut short by a shutdown is retried at once, by whichever replica comes first.
    const retryInMs = interrupted ? 0 : retryDelayMs(delivery.roundAttempt, retryBaseMs, retryMaxMs);
    const recorded = await this.repositories.webhookDeliveries.recordAttempt({
      delivery,
      startedAt: outcome.startedAt,
      durationMs: outcome.durationMs,
      responseStatus: outcome.responseStatus,
      error: outcome.error,
      status,
      retryInMs,
    });
    this.metrics?.webhookAttempt(
      delivery.eventType,
      outcome.ok ? 'delivered' : interrupted ? 'interrupted' : gaveUp ? 'failed' : 'retrying',
      outcome.durationMs,
    );
    if (!recorded) {
      this.logger.warn(`Webhook delivery ${delivery.id}: the claim lapsed before attempt ${delivery.attempt} ended`);
      return;
    }
    if (gaveUp) {
      this.logger.warn(
        `Webhook delivery ${delivery.id} (${delivery.eventType} to endpoint ${delivery.webhookId}) failed ` +
          `after ${delivery.roundAttempt} attempts: ${outcome.error ?? 'no answer'}`,
      );
    } else if (status === 'pending') {
      this.scheduleIn(retryInMs);
    }
  }

  /** Makes sure a pass runs within `ms` (an earlier one already scheduled stays). */
  private scheduleIn(ms: number): void {
    if (this.stopping) {
      return;
    }
    const at = Date.now() + ms;
    if (this.timer !== undefined && this.timerAt <= at) {
      return;
    }
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.wake();
    }, ms);
    this.timer.unref();
  }
}
