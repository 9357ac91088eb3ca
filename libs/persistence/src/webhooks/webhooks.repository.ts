import type { WebhookEventType } from '@neodesk/contracts';
import { EntityManager, Repository } from 'typeorm';
import { WebhookEntity } from './webhook.entity';

export interface NewWebhook {
  workspaceId: string;
  url: string;
  description: string | null;
  signingSecret: string;
  events: WebhookEventType[];
  isActive: boolean;
}

export type WebhookChanges = Partial<Pick<WebhookEntity, 'url' | 'description' | 'events' | 'isActive'>>;

/** A workspace's endpoints; every method is scoped by workspace id, and none hands the secret back. */
export class WebhooksRepository {
  private readonly repo: Repository<WebhookEntity>;

  constructor(manager: EntityManager) {
    this.repo = manager.getRepository(WebhookEntity);
  }

  async create(input: NewWebhook): Promise<WebhookEntity> {
    const saved = await this.repo.save(this.repo.create(input));
    // The secret column is select: false; do not hand it back to callers.
    const { signingSecret: _omitted, ...webhook } = saved;
    return Object.assign(new WebhookEntity(), webhook);
  }

  listByWorkspace(workspaceId: string): Promise<WebhookEntity[]> {
    return this.repo.find({ where: { workspaceId }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  findById(workspaceId: string, id: string): Promise<WebhookEntity | null> {
    return this.repo.findOneBy({ workspaceId, id });
  }

  /** Null when the workspace has no such endpoint. */
  async update(workspaceId: string, id: string, changes: WebhookChanges): Promise<WebhookEntity | null> {
    await this.repo.update({ workspaceId, id }, changes);
    return this.findById(workspaceId, id);
  }

  /** Replaces the signing secret at once; false when the workspace has no such endpoint. */
  async replaceSecret(workspaceId: string, id: string, signingSecret: string): Promise<boolean> {
    const result = await this.repo.update({ workspaceId, id }, { signingSecret });
    return (result.affected ?? 0) > 0;
  }

  /** Removes the endpoint with its deliveries. */
  async delete(workspaceId: string, id: string): Promise<boolean> {
    const result = await this.repo.delete({ workspaceId, id });
    return (result.affected ?? 0) > 0;
  }
}
