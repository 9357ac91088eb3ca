import { Inject, Injectable } from '@nestjs/common';
import {
  type CannedReplyDto,
  type CannedReplyListDto,
  type CreateCannedReplyRequest,
  MAX_CANNED_REPLIES,
  type UpdateCannedReplyRequest,
} from '@neodesk/contracts';
import { type CannedReplyEntity, Repositories, UnitOfWork } from '@neodesk/persistence';
import { CannedReplyError, CannedReplyErrorCode } from './canned-reply.error';

/** A workspace's saved answers: admins write them, every agent reads them. */
@Injectable()
export class CannedRepliesService {
  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(Repositories) private readonly repositories: Repositories,
  ) {}

  async list(workspaceId: string): Promise<CannedReplyListDto> {
    const rows = await this.repositories.cannedReplies.list(workspaceId, MAX_CANNED_REPLIES);
    return { data: rows.map(toCannedReplyDto) };
  }

  create(workspaceId: string, input: CreateCannedReplyRequest): Promise<CannedReplyDto> {
    return this.unitOfWork.run(async (tx) => {
      // Serialised per workspace: two creations cannot both pass the count or the shortcut check.
      await tx.locks.lockForTransaction(`canned-replies:${workspaceId}`);
      if ((await tx.cannedReplies.count(workspaceId)) >= MAX_CANNED_REPLIES) {
        throw new CannedReplyError(
          CannedReplyErrorCode.LimitReached,
          `A workspace keeps at most ${MAX_CANNED_REPLIES} canned replies`,
        );
      }
      await assertShortcutFree(tx, workspaceId, input.shortcut, null);
      return toCannedReplyDto(await tx.cannedReplies.create(workspaceId, input.shortcut, input.text));
    });
  }

  update(workspaceId: string, id: string, changes: UpdateCannedReplyRequest): Promise<CannedReplyDto> {
    return this.unitOfWork.run(async (tx) => {
      await tx.locks.lockForTransaction(`canned-replies:${workspaceId}`);
      if ((await tx.cannedReplies.findById(workspaceId, id)) === null) {
        throw notFound(id);
      }
      if (changes.shortcut !== undefined) {
        await assertShortcutFree(tx, workspaceId, changes.shortcut, id);
      }
      const row = await tx.cannedReplies.update(workspaceId, id, changes);
      if (row === null) {
        throw notFound(id);
      }
      return toCannedReplyDto(row);
    });
  }

  async delete(workspaceId: string, id: string): Promise<void> {
    if (!(await this.repositories.cannedReplies.delete(workspaceId, id))) {
      throw notFound(id);
    }
  }
}

async function assertShortcutFree(
  tx: Repositories,
  workspaceId: string,
  shortcut: string,
  exceptId: string | null,
): Promise<void> {
  const existing = await tx.cannedReplies.findByShortcut(workspaceId, shortcut);
  if (existing !== null && existing.id !== exceptId) {
    throw new CannedReplyError(CannedReplyErrorCode.ShortcutTaken, `The shortcut /${shortcut} is already used`);
  }
}

function notFound(id: string): CannedReplyError {
  return new CannedReplyError(CannedReplyErrorCode.NotFound, `Canned reply ${id} does not exist in this workspace`);
}

function toCannedReplyDto(row: CannedReplyEntity): CannedReplyDto {
  return {
    id: row.id,
    shortcut: row.shortcut,
    text: row.text,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
