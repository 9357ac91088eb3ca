import { EntityManager, IsNull, Repository } from 'typeorm';
import { RefreshTokenEntity } from './refresh-token.entity';

export interface NewRefreshToken {
  workspaceId: string;
  userId: string;
  familyId: string;
  /** Hex SHA-256 of the whole token. */
  tokenHash: string;
  expiresAt: Date;
}

export class RefreshTokensRepository {
  private readonly repo: Repository<RefreshTokenEntity>;

  constructor(manager: EntityManager) {
    this.repo = manager.getRepository(RefreshTokenEntity);
  }

  async insert(input: NewRefreshToken): Promise<void> {
    await this.repo.insert(input);
  }

  /** The token with this digest, locked until the transaction ends (two refreshes with it take turns). */
  lockByHash(tokenHash: string): Promise<RefreshTokenEntity | null> {
    return this.repo
      .createQueryBuilder('token')
      .setLock('pessimistic_write')
      .where('token.tokenHash = :tokenHash', { tokenHash })
      .getOne();
  }

  async markUsed(id: string): Promise<void> {
    await this.repo.update({ id }, { usedAt: () => 'now()' });
  }

  /** Revokes every token of a login still valid. */
  async revokeFamily(familyId: string): Promise<void> {
    await this.repo.update({ familyId, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
  }

  /** Ends every login of a user (deactivated, or a new password). */
  async revokeByUser(workspaceId: string, userId: string): Promise<void> {
    await this.repo.update({ workspaceId, userId, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
  }
}
