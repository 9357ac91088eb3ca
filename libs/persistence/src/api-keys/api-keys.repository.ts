import type { ApiKeyScope } from '@neodesk/contracts';
import { EntityManager, Repository } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';

export interface NewApiKey {
  workspaceId: string;
  name: string;
  prefix: string;
  /** Hex SHA-256 of the whole key. */
  keyHash: string;
  scopes: ApiKeyScope[];
  createdByUserId: string | null;
  expiresAt: Date | null;
}

/** Every method but the lookup by digest is scoped by workspace id. */
export class ApiKeysRepository {
  private readonly repo: Repository<ApiKeyEntity>;

  constructor(manager: EntityManager) {
    this.repo = manager.getRepository(ApiKeyEntity);
  }

  async create(input: NewApiKey): Promise<ApiKeyEntity> {
    const saved = await this.repo.save(this.repo.create(input));
    // The digest column is select: false; do not hand it back to callers.
    const { keyHash: _omitted, ...key } = saved;
    return Object.assign(new ApiKeyEntity(), key);
  }

  listByWorkspace(workspaceId: string): Promise<ApiKeyEntity[]> {
    return this.repo.find({ where: { workspaceId }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  findById(workspaceId: string, id: string): Promise<ApiKeyEntity | null> {
    return this.repo.findOneBy({ workspaceId, id });
  }

  /** The key a bearer token is, whatever its workspace: the digest is unique and unguessable. */
  findByHash(keyHash: string): Promise<ApiKeyEntity | null> {
    return this.repo.findOneBy({ keyHash });
  }

  /** Marks the key revoked (keeping the first revocation time); null when the workspace has no such key. */
  async revoke(workspaceId: string, id: string): Promise<ApiKeyEntity | null> {
    await this.repo
      .createQueryBuilder()
      .update(ApiKeyEntity)
      .set({ revokedAt: () => 'COALESCE(revoked_at, now())' })
      .where('id = :id AND workspace_id = :workspaceId', { id, workspaceId })
      .execute();
    return this.findById(workspaceId, id);
  }

  /** Stamps the last use unless it was stamped after `notSince`: at most one write per key and interval. */
  async touchLastUsed(id: string, notSince: Date): Promise<void> {
    await this.repo
      .createQueryBuilder()
      .update(ApiKeyEntity)
      .set({ lastUsedAt: () => 'now()' })
      .where('id = :id AND (last_used_at IS NULL OR last_used_at < :notSince)', { id, notSince })
      .execute();
  }
}
