import { EntityManager, Repository } from 'typeorm';
import { WIDGET_SETTINGS_DEFAULTS, WidgetSettingsEntity } from './widget-settings.entity';

export type WidgetSettingsChanges = Partial<Omit<WidgetSettingsEntity, 'workspaceId' | 'updatedAt'>>;

/** Workspaces created after the migration have no row until an admin changes something: defaults stand in. */
export class WidgetSettingsRepository {
  private readonly repo: Repository<WidgetSettingsEntity>;

  constructor(manager: EntityManager) {
    this.repo = manager.getRepository(WidgetSettingsEntity);
  }

  /** The stored row, or the column defaults (not written) when the workspace has none yet. */
  async findOrDefaults(workspaceId: string): Promise<WidgetSettingsEntity> {
    return (await this.repo.findOneBy({ workspaceId })) ?? this.defaults(workspaceId);
  }

  /** Writes the changes, creating the row with the defaults first if needed (concurrent callers both succeed). */
  async upsert(workspaceId: string, changes: WidgetSettingsChanges): Promise<WidgetSettingsEntity> {
    await this.repo.createQueryBuilder().insert().values({ workspaceId }).orIgnore().execute();
    if (Object.keys(changes).length > 0) {
      await this.repo.update({ workspaceId }, changes);
    }
    const row = await this.repo.findOneBy({ workspaceId });
    if (row === null) {
      throw new Error(`Widget settings of workspace ${workspaceId} vanished while being written`);
    }
    return row;
  }

  private defaults(workspaceId: string): WidgetSettingsEntity {
    return this.repo.create({ workspaceId, ...WIDGET_SETTINGS_DEFAULTS, identitySecret: null, updatedAt: new Date(0) });
  }
}
