import { EntityManager, Repository } from 'typeorm';
import { BotSettingsEntity } from './bot-settings.entity';

export type BotSettingsValues = Omit<BotSettingsEntity, 'updatedAt'>;

export class BotSettingsRepository {
  private readonly repo: Repository<BotSettingsEntity>;

  constructor(manager: EntityManager) {
    this.repo = manager.getRepository(BotSettingsEntity);
  }

  create(values: BotSettingsValues): Promise<BotSettingsEntity> {
    return this.repo.save(this.repo.create(values));
  }

  findByWorkspace(workspaceId: string): Promise<BotSettingsEntity | null> {
    return this.repo.findOneBy({ workspaceId });
  }

  async update(
    workspaceId: string,
    patch: Partial<Omit<BotSettingsValues, 'workspaceId'>>,
  ): Promise<BotSettingsEntity | null> {
    await this.repo.update({ workspaceId }, patch);
    return this.findByWorkspace(workspaceId);
  }
}
