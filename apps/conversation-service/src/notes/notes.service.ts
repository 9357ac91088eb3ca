import { Inject, Injectable } from '@nestjs/common';
import type { NoteDto, NoteListDto } from '@neodesk/contracts';
import { type ConversationNoteEntity, Repositories } from '@neodesk/persistence';
import type { Caller } from '../auth/caller';
import { ConversationError, ConversationErrorCode } from '../conversations/conversation.error';
import { RealtimeEmitter } from '../realtime/realtime-emitter';

/** Notes one conversation keeps at most in one answer (oldest first). */
const MAX_NOTES = 500;

/**
 * Agents' private notes on a conversation. They are pushed to the workspace's agents only: no visitor
 * room, no webhook event, no transcript export.
 */
@Injectable()
export class NotesService {
  constructor(
    @Inject(Repositories) private readonly repositories: Repositories,
    @Inject(RealtimeEmitter) private readonly emitter: RealtimeEmitter,
  ) {}

  async list(workspaceId: string, conversationId: string): Promise<NoteListDto> {
    await this.assertConversation(workspaceId, conversationId);
    const rows = await this.repositories.notes.listByConversation(workspaceId, conversationId, MAX_NOTES);
    return { data: rows.map(toNoteDto) };
  }

  /** The caller's note (an API key writes one without an author); every agent of the workspace sees it live. */
  async create(caller: Caller, conversationId: string, text: string): Promise<NoteDto> {
    await this.assertConversation(caller.workspaceId, conversationId);
    const row = await this.repositories.notes.create({
      workspaceId: caller.workspaceId,
      conversationId,
      authorUserId: caller.userId,
      text,
    });
    const note = toNoteDto(row);
    this.emitter.noteCreated(caller.workspaceId, note);
    return note;
  }

  private async assertConversation(workspaceId: string, conversationId: string): Promise<void> {
    if ((await this.repositories.conversations.findById(workspaceId, conversationId)) === null) {
      throw new ConversationError(
        ConversationErrorCode.NotFound,
        `Conversation ${conversationId} does not exist in this workspace`,
      );
    }
  }
}

function toNoteDto(row: ConversationNoteEntity): NoteDto {
  return {
    id: row.id,
    conversationId: row.conversationId,
    authorUserId: row.authorUserId,
    authorName: row.authorName,
    text: row.text,
    createdAt: row.createdAt.toISOString(),
  };
}
