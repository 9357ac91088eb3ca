import { EntityManager, Repository } from 'typeorm';
import { CannedReplyEntity } from './canned-reply.entity';

export interface CannedReplyChanges {
  shortcut?: string;
  text?: string;
}

/** A workspace's canned replies; every method is scoped by workspace id. */
export class CannedRepliesRepository {
  private readonly repo: Repository<CannedReplyEntity>;

  constructor(manager: EntityManager) {
    this.repo = manager.getRepository(CannedReplyEntity);
  }

  /** By shortcut. */
  list(workspaceId: string, limit: number): Promise<CannedReplyEntity[]> {
    return this.repo.find({ where: { workspaceId }, order: { shortcut: 'ASC' }, take: limit });
  }

  count(workspaceId: string): Promise<number> {
    return this.repo.countBy({ workspaceId });
  }

  findById(workspaceId: string, id: string): Promise<CannedReplyEntity | null> {
    return this.repo.findOneBy({ workspaceId, id });
  }

  findByShortcut(workspaceId: string, shortcut: string): Promise<CannedReplyEntity | null> {
    return this.repo.findOneBy({ workspaceId, shortcut });
  }

  create(workspaceId: string, shortcut: string, text: string): Promise<CannedReplyEntity> {
    return this.repo.save(this.repo.create({ workspaceId, shortcut, text }));
  }

  async update(workspaceId: string, id: string, changes: CannedReplyChanges): Promise<CannedReplyEntity | null> {
    await this.repo.update({ workspaceId, id }, changes);
    return this.findById(workspaceId, id);
  }

  async delete(workspaceId: string, id: string): Promise<boolean> {
    const result = await this.repo.delete({ workspaceId, id });
    return (result.affected ?? 0) > 0;
  }
}
