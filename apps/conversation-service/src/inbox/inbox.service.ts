import { Inject, Injectable } from '@nestjs/common';
import type { InboxCountsDto, InboxPreviewDto, TeammateDto } from '@neodesk/contracts';
import { Repositories } from '@neodesk/persistence';
import type { Caller } from '../auth/caller';
import { toMessageDto } from '../conversations/conversation.mapper';

/** What the agent dashboard's inbox reads beside the conversation list: view counts, previews, teammates. */
@Injectable()
export class InboxService {
  constructor(@Inject(Repositories) private readonly repositories: Repositories) {}

  /** "Mine" counts the calling agent's conversations (none for an API key). */
  counts(caller: Caller): Promise<InboxCountsDto> {
    return this.repositories.inbox.counts(caller.workspaceId, caller.userId);
  }

  async previews(workspaceId: string, conversationIds: readonly string[], q?: string): Promise<InboxPreviewDto[]> {
    const messages = await this.repositories.inbox.previews(workspaceId, [...new Set(conversationIds)], q);
    return messages.map((message) => ({ conversationId: message.conversationId, message: toMessageDto(message) }));
  }

  /** Everyone of the workspace, by name (no e-mail: that stays on the admin's user routes). */
  async teammates(workspaceId: string): Promise<TeammateDto[]> {
    const users = await this.repositories.users.listByWorkspace(workspaceId);
    return users
      .map((user) => ({ id: user.id, displayName: user.displayName, role: user.role, isActive: user.isActive }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
  }
}
