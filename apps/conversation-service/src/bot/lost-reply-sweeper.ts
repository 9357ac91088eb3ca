import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Repositories } from '@neodesk/persistence';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { HandoffService } from '../handoff/handoff.service';
import { BotSettingsService } from './bot-settings.service';

/** How far back a sweep looks: older unanswered messages are left to the agents' queue views. */
const LOOK_BACK_MS = 24 * 60 * 60 * 1000;
const BATCH = 100;

/**
 * "Never silence" across replica crashes: a reply lives in the memory of the replica its worker is
 * connected to, so a replica that dies takes its replies with it. Every replica periodically hands the
 * conversations whose customer message stayed unanswered past BOT_LOST_REPLY_AFTER_MS to the human queue,
 * with the workspace's fallback message. Replicas sweeping at once do no harm: the handoff only moves a
 * conversation the bot still owns, and the fallback message is keyed by the message it answers.
 */
@Injectable()
export class LostReplySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LostReplySweeper.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Repositories) private readonly repositories: Repositories,
    @Inject(HandoffService) private readonly handoff: HandoffService,
    @Inject(BotSettingsService) private readonly settings: BotSettingsService,
  ) {}

  onApplicationBootstrap(): void {
    const every = Math.min(Math.max(Math.floor(this.config.workers.lostReplyAfterMs / 4), 1_000), 60_000);
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.error({ err: error }, 'Sweeping for lost bot replies failed'))
        .finally(() => (this.running = undefined));
    }, every);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Hands over what it finds; returns how many conversations it moved. */
  async sweep(now = new Date()): Promise<number> {
    const to = new Date(now.getTime() - this.config.workers.lostReplyAfterMs);
    const lost = await this.repositories.conversations.findUnansweredByBot(
      new Date(to.getTime() - LOOK_BACK_MS),
      to,
      BATCH,
    );
    let moved = 0;
    for (const { workspaceId, id } of lost) {
      const conversation = await this.repositories.conversations.findById(workspaceId, id);
      if (conversation === null) {
        continue;
      }
      const { fallbackMessage } = await this.settings.get(workspaceId);
      const queued = await this.handoff.toQueue(workspaceId, id, 'bot_failed', {
        text: fallbackMessage,
        clientMessageId: `bot-fallback:lost:${conversation.lastSeq}`,
      });
      if (queued !== null) {
        moved += 1;
        this.logger.warn(`Conversation ${id}: its bot reply was lost; handed to the human queue`);
      }
    }
    return moved;
  }
}
