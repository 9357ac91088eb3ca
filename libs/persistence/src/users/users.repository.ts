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

/** Changeable columns of a user; the password goes through setPasswordHash. */
export type UserChanges = Partial<Pick<UserEntity, 'email' | 'displayName' | 'role' | 'isActive'>>;

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

  /** Another user with this e-mail (compared case-insensitively), in any workspace: e-mails are the login. */
  existsByEmailExcept(email: string, exceptId: string): Promise<boolean> {
    return this.repo
      .createQueryBuilder('user')
      .where('lower(user.email) = lower(:email) AND user.id <> :exceptId', { email, exceptId })
      .getExists();
  }

  async update(workspaceId: string, id: string, changes: UserChanges): Promise<void> {
    await this.repo.update({ workspaceId, id }, changes);
  }

  async setPasswordHash(workspaceId: string, id: string, passwordHash: string): Promise<void> {
    await this.repo.update({ workspaceId, id }, { passwordHash });
  }

  async delete(workspaceId: string, id: string): Promise<boolean> {
    const result = await this.repo.delete({ workspaceId, id });
    return (result.affected ?? 0) > 0;
  }

  /** Whether transcripts name the user: as a message's author or a conversation's assignee. */
  async isReferenced(workspaceId: string, id: string): Promise<boolean> {
    const [row] = await this.repo.manager.query<Array<{ referenced: boolean }>>(
      `SELECT EXISTS (SELECT 1 FROM messages WHERE workspace_id = $1 AND author_user_id = $2)
           OR EXISTS (SELECT 1 FROM conversations WHERE workspace_id = $1 AND assigned_agent_id = $2) AS referenced`,
      [workspaceId, id],
    );
    return row.referenced;
  }

  countActiveAdmins(workspaceId: string): Promise<number> {
    return this.repo.countBy({ workspaceId, role: 'admin', isActive: true });
  }
}
