import { Inject, Injectable } from '@nestjs/common';
import type { CreateUserRequest, RemovedUserDto, UpdateUserRequest, UserDto } from '@neodesk/contracts';
import { Repositories, type UserChanges, type UserEntity, UnitOfWork } from '@neodesk/persistence';
import { RealtimeEmitter } from '../realtime/realtime-emitter';
import { PasswordHasher } from './password-hasher';
import { UserError, UserErrorCode } from './user.error';
import { UsersService } from './users.service';

/**
 * Admins managing the people of their workspace. Changes that could leave a workspace without an active
 * admin (demoting, deactivating, removing) take turns per workspace, and e-mail changes per address, so two
 * concurrent requests cannot both pass the check.
 */
@Injectable()
export class UserManagementService {
  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(Repositories) private readonly repositories: Repositories,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @Inject(RealtimeEmitter) private readonly emitter: RealtimeEmitter,
  ) {}

  async list(workspaceId: string): Promise<UserDto[]> {
    const users = await this.repositories.users.listByWorkspace(workspaceId);
    return users.map(toUserDto);
  }

  async get(workspaceId: string, id: string): Promise<UserDto> {
    return toUserDto(await this.find(this.repositories, workspaceId, id));
  }

  async create(workspaceId: string, input: CreateUserRequest): Promise<UserDto> {
    return this.unitOfWork.run(async (tx) => {
      await lockEmail(tx, input.email);
      return this.users.create(workspaceId, input, tx);
    });
  }

  async update(workspaceId: string, id: string, input: UpdateUserRequest): Promise<UserDto> {
    const passwordHash = input.password === undefined ? undefined : await this.hasher.hash(input.password);
    const updated = await this.unitOfWork.run(async (tx) => {
      await lockAdmins(tx, workspaceId);
      if (input.email !== undefined) {
        await lockEmail(tx, input.email);
      }
      const user = await this.find(tx, workspaceId, id);
      const changes: UserChanges = {};
      if (input.email !== undefined && input.email !== user.email) {
        if (await tx.users.existsByEmailExcept(input.email, id)) {
          throw new UserError(UserErrorCode.EmailTaken, `A user with the e-mail ${input.email} already exists`);
        }
        changes.email = input.email;
      }
      if (input.displayName !== undefined) {
        changes.displayName = input.displayName;
      }
      if (input.role !== undefined) {
        changes.role = input.role;
      }
      if (input.isActive !== undefined) {
        changes.isActive = input.isActive;
      }
      const stillAdmin = (changes.role ?? user.role) === 'admin' && (changes.isActive ?? user.isActive);
      if (isActiveAdmin(user) && !stillAdmin) {
        await assertNotLastAdmin(tx, workspaceId);
      }
      if (Object.keys(changes).length > 0) {
        await tx.users.update(workspaceId, id, changes);
      }
      if (passwordHash !== undefined) {
        await tx.users.setPasswordHash(workspaceId, id, passwordHash);
      }
      // A deactivated user or a new password ends the user's logins; access tokens already stop at once.
      if (passwordHash !== undefined || changes.isActive === false) {
        await tx.refreshTokens.revokeByUser(workspaceId, id);
      }
      return toUserDto(await this.find(tx, workspaceId, id));
    });
    if (passwordHash !== undefined || input.isActive === false) {
      this.emitter.disconnectAgent(workspaceId, id, 'Your access was changed; log in again');
    }
    return updated;
  }

  /**
   * Deletes the user, or deactivates them when messages or conversations name them (transcripts keep
   * saying who wrote). The last active admin of a workspace stays.
   */
  async remove(workspaceId: string, id: string): Promise<RemovedUserDto> {
    const removed = await this.unitOfWork.run(async (tx): Promise<RemovedUserDto> => {
      await lockAdmins(tx, workspaceId);
      const user = await this.find(tx, workspaceId, id);
      if (isActiveAdmin(user)) {
        await assertNotLastAdmin(tx, workspaceId);
      }
      if (await tx.users.isReferenced(workspaceId, id)) {
        await tx.users.update(workspaceId, id, { isActive: false });
        await tx.refreshTokens.revokeByUser(workspaceId, id);
        return { outcome: 'deactivated', user: toUserDto(await this.find(tx, workspaceId, id)) };
      }
      await tx.users.delete(workspaceId, id);
      return { outcome: 'deleted', user: { ...toUserDto(user), isActive: false } };
    });
    this.emitter.disconnectAgent(workspaceId, id, 'Your account was removed');
    return removed;
  }

  private async find(repositories: Repositories, workspaceId: string, id: string): Promise<UserEntity> {
    const user = await repositories.users.findById(workspaceId, id);
    if (user === null) {
      throw new UserError(UserErrorCode.NotFound, `User ${id} does not exist in this workspace`);
    }
    return user;
  }
}

function isActiveAdmin(user: UserEntity): boolean {
  return user.role === 'admin' && user.isActive;
}

async function assertNotLastAdmin(tx: Repositories, workspaceId: string): Promise<void> {
  if ((await tx.users.countActiveAdmins(workspaceId)) <= 1) {
    throw new UserError(
      UserErrorCode.LastAdmin,
      'This is the last active admin of the workspace: make another user admin first',
    );
  }
}

function lockAdmins(tx: Repositories, workspaceId: string): Promise<void> {
  return tx.locks.lockForTransaction(`users:admins:${workspaceId}`);
}

function lockEmail(tx: Repositories, email: string): Promise<void> {
  return tx.locks.lockForTransaction(`users:email:${email.trim().toLowerCase()}`);
}

export function toUserDto(user: UserEntity): UserDto {
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
