import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AgentPresenceDto, AgentPresenceStatus } from '@neodesk/contracts';
import { Repositories } from '@neodesk/persistence';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { RealtimeEmitter } from '../realtime/realtime-emitter';

/**
 * Who of a workspace has the dashboard open, online or away, read from the agent sockets themselves
 * (with Redis, every replica answers for its own): nothing to store, nothing stale after a crash.
 */
@Injectable()
export class PresenceService {
  private readonly logger = new Logger(PresenceService.name);
  private readonly clustered: boolean;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(Repositories) private readonly repositories: Repositories,
    @Inject(RealtimeEmitter) private readonly emitter: RealtimeEmitter,
  ) {
    this.clustered = config.redisUrl !== undefined;
  }

  async list(workspaceId: string): Promise<AgentPresenceDto[]> {
    const statuses = new Map<string, AgentPresenceStatus>();
    for (const { userId, status } of await this.emitter.agentPresence(workspaceId, this.clustered)) {
      // Online in any tab is online.
      if (statuses.get(userId) !== 'online') {
        statuses.set(userId, status);
      }
    }
    if (statuses.size === 0) {
      return [];
    }
    const users = await this.repositories.users.listByWorkspace(workspaceId);
    return users
      .filter((user) => statuses.has(user.id))
      .map((user) => ({ userId: user.id, displayName: user.displayName, status: statuses.get(user.id) ?? 'away' }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  /** Tells the workspace's agents the current list, and answers it. */
  async publish(workspaceId: string): Promise<AgentPresenceDto[]> {
    const agents = await this.list(workspaceId);
    this.emitter.presenceChanged(workspaceId, agents);
    return agents;
  }

  /** For connects and disconnects, where nobody waits for the answer. */
  publishInBackground(workspaceId: string): void {
    this.publish(workspaceId).catch((error: unknown) =>
      this.logger.warn(`Presence of workspace ${workspaceId} not sent: ${(error as Error).message}`),
    );
  }
}
