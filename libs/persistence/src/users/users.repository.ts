import type { UserRole } from '@neodesk/contracts';
import { EntityManager, Repository } from 'typeorm';
import { UserEntity } from './user.entity';

export interface NewUser {
  workspaceId: string;
  email: string;
  displayName: string;
  passwordHash: string;
  role: UserRole;
}

export class UsersRepository {
  private readonly repo: Repository<UserEntity>;

  constructor(manager: EntityManager) {
    this.repo = manager.getRepository(UserEntity);
  }

  async create(input: NewUser): Promise<UserEntity> {
    const saved = await this.repo.save(this.repo.create(input));
    // The hash column is select: false; do not hand it back to callers.
    const { passwordHash: _omitted, ...user } = saved;
    return Object.assign(new UserEntity(), user);
  }

  findById(workspaceId: string, id: string): Promise<UserEntity | null> {
    return this.repo.findOneBy({ workspaceId, id });
  }

  listByWorkspace(workspaceId: string): Promise<UserEntity[]> {
    return this.repo.find({ where: { workspaceId }, order: { createdAt: 'ASC' } });
  }

  /** The one query that reads a password hash: for logging in. E-mails compare case-insensitively. */
  async findCredentialsByEmail(email: string): Promise<{ user: UserEntity; passwordHash: string } | null> {
    const user = await this.repo
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('lower(user.email) = lower(:email)', { email })
      .getOne();
    if (user === null) {
      return null;
    }
    const { passwordHash, ...rest } = user;
    return { user: Object.assign(new UserEntity(), rest), passwordHash };
  }

  existsByEmail(email: string): Promise<boolean> {
    return this.repo.createQueryBuilder('user').where('lower(user.email) = lower(:email)', { email }).getExists();
  }
}
