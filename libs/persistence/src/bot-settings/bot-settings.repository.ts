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

  /** Writes the row unless the workspace has one (concurrent callers: one wins, nobody fails). */
  async createIfMissing(values: BotSettingsValues): Promise<void> {
    await this.repo.createQueryBuilder().insert().values(values).orIgnore().execute();
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
