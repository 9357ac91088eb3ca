import { EntityManager, Repository } from 'typeorm';
import { WorkspaceEntity } from './workspace.entity';

export interface NewWorkspace {
  name: string;
  slug: string;
  widgetKey: string;
  allowedOrigins: string[];
}

export class WorkspacesRepository {
  private readonly repo: Repository<WorkspaceEntity>;

  constructor(manager: EntityManager) {
    this.repo = manager.getRepository(WorkspaceEntity);
  }

  create(input: NewWorkspace): Promise<WorkspaceEntity> {
    return this.repo.save(this.repo.create(input));
  }

  findById(id: string): Promise<WorkspaceEntity | null> {
    return this.repo.findOneBy({ id });
  }

  findByWidgetKey(widgetKey: string): Promise<WorkspaceEntity | null> {
    return this.repo.findOneBy({ widgetKey });
  }

  /** The first workspace made (the default one of a fresh install); null before there is any. */
  async findOldest(): Promise<WorkspaceEntity | null> {
    const [oldest] = await this.repo.find({ order: { createdAt: 'ASC', id: 'ASC' }, take: 1 });
    return oldest ?? null;
  }

  existsBySlug(slug: string): Promise<boolean> {
    return this.repo.existsBy({ slug });
  }

  count(): Promise<number> {
    return this.repo.count();
  }

  /** Changes the given columns; null when the workspace does not exist. */
  async update(
    id: string,
    changes: Partial<Pick<WorkspaceEntity, 'name' | 'allowedOrigins' | 'widgetKey'>>,
  ): Promise<WorkspaceEntity | null> {
    if (Object.keys(changes).length > 0) {
      await this.repo.update({ id }, changes);
    }
    return this.findById(id);
  }
}
