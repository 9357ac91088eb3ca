import { Inject, Injectable } from '@nestjs/common';
import { USER_EMAIL_PATTERN, USER_PASSWORD_LIMITS, type UserRole } from '@neodesk/contracts';
import { Repositories, UserEntity } from '@neodesk/persistence';
import { PasswordHasher } from './password-hasher';
import { UserError, UserErrorCode } from './user.error';

export interface UserView {
  id: string;
  workspaceId: string;
  email: string;
  displayName: string;
  role: UserRole;
  isActive: boolean;
  createdAt: string;
}

export interface CreateUserInput {
  email: string;
  displayName: string;
  password: string;
  role: UserRole;
}

export const MIN_PASSWORD_LENGTH = USER_PASSWORD_LIMITS.min;
const EMAIL = USER_EMAIL_PATTERN;

@Injectable()
export class UsersService {
  // Verified against when the e-mail is unknown, so a login takes as long either way.
  private decoyHash: Promise<string> | undefined;

  constructor(
    @Inject(Repositories) private readonly repositories: Repositories,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
  ) {}

  async create(workspaceId: string, input: CreateUserInput, tx: Repositories = this.repositories): Promise<UserView> {
    const email = input.email.trim();
    if (!EMAIL.test(email)) {
      throw new UserError(UserErrorCode.InvalidEmail, `"${email}" is not an e-mail address`);
    }
    const displayName = input.displayName.trim();
    if (displayName.length === 0 || displayName.length > 120) {
      throw new UserError(UserErrorCode.InvalidName, 'A display name must have 1 to 120 characters');
    }
    if (input.password.length < MIN_PASSWORD_LENGTH || input.password.length > USER_PASSWORD_LIMITS.max) {
      throw new UserError(
        UserErrorCode.WeakPassword,
        `A password must have ${MIN_PASSWORD_LENGTH} to ${USER_PASSWORD_LIMITS.max} characters`,
      );
    }
    if (await tx.users.existsByEmail(email)) {
      throw new UserError(UserErrorCode.EmailTaken, `A user with the e-mail ${email} already exists`);
    }
    const passwordHash = await this.hasher.hash(input.password);
    const user = await tx.users.create({ workspaceId, email, displayName, passwordHash, role: input.role });
    return toView(user);
  }

  /** The user of the workspace, when it exists and is active; null otherwise. Pass `tx` inside a transaction. */
  async findActive(workspaceId: string, id: string, tx: Repositories = this.repositories): Promise<UserView | null> {
    const user = await tx.users.findById(workspaceId, id);
    return user !== null && user.isActive ? toView(user) : null;
  }

  /** The user when e-mail and password match an active account, otherwise null (never says which part failed). */
  async verifyCredentials(email: string, password: string): Promise<UserView | null> {
    const found = await this.repositories.users.findCredentialsByEmail(email.trim());
    if (found === null) {
      this.decoyHash ??= this.hasher.hash('decoy password for unknown users');
      await this.hasher.verify(await this.decoyHash, password);
      return null;
    }
    const matches = await this.hasher.verify(found.passwordHash, password);
    return matches && found.user.isActive ? toView(found.user) : null;
  }
}

function toView(user: UserEntity): UserView {
  return {
    id: user.id,
    workspaceId: user.workspaceId,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    isActive: user.isActive,
    createdAt: user.createdAt.toISOString(),
  };
}
