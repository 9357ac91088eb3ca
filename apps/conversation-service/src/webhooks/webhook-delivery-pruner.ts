import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Repositories } from '@neodesk/persistence';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

const DAY_MS = 24 * 60 * 60 * 1000;
const EVERY_MS = 60 * 60 * 1000;
/** Rows deleted per statement: short statements, no long lock on the outbox. */
const BATCH = 1_000;
/** Statements per sweep; a backlog larger than this is worked off over the next sweeps. */
const MAX_BATCHES = 100;

/**
 * The outbox does not grow without end: every replica deletes, hourly, the finished deliveries (sent or
 * given up) and their attempts older than WEBHOOK_RETENTION_DAYS. Pending deliveries stay whatever their
 * age. Replicas sweeping at once only race to delete the same old rows.
 */
@Injectable()
export class WebhookDeliveryPruner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDeliveryPruner.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Repositories) private readonly repositories: Repositories,
  ) {}

  onApplicationBootstrap(): void {
    const run = (): void => {
      this.running ??= this.prune()
        .then((deleted) => {
          if (deleted > 0) {
            this.logger.log(
              `Deleted ${deleted} webhook deliveries older than ${this.config.webhooks.retentionDays} days`,
            );
          }
        })
        .catch((error: unknown) => this.logger.error({ err: error }, 'Pruning old webhook deliveries failed'))
        .finally(() => (this.running = undefined));
    };
    this.timer = setInterval(run, EVERY_MS);
    this.timer.unref();
    run();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Deletes what is past retention at `now`; returns how many deliveries went. */
  async prune(now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - this.config.webhooks.retentionDays * DAY_MS);
    let total = 0;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const deleted = await this.repositories.webhookDeliveries.pruneFinished(before, BATCH);
      total += deleted;
      if (deleted < BATCH) {
        break;
      }
    }
    return total;
  }
}
