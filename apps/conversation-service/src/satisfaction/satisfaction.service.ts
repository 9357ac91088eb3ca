import { Inject, Injectable } from '@nestjs/common';
import type { SatisfactionDto } from '@neodesk/contracts';
import { type ConversationSatisfactionEntity, Repositories, UnitOfWork } from '@neodesk/persistence';
import { ConversationError, ConversationErrorCode } from '../conversations/conversation.error';
import { toConversationDto } from '../conversations/conversation.mapper';
import { SatisfactionError, SatisfactionErrorCode } from './satisfaction.error';

export interface SatisfactionInput {
  score: number;
  comment?: string;
}

/** The satisfaction question the widget asks after a resolve: one answer per conversation, the last counts. */
@Injectable()
export class SatisfactionService {
  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(Repositories) private readonly repositories: Repositories,
  ) {}

  /** Stores the answer (only for a resolved conversation) and sends `satisfaction.created` to webhooks. */
  async answer(workspaceId: string, conversationId: string, input: SatisfactionInput): Promise<SatisfactionDto> {
    return this.unitOfWork.run(async (tx) => {
      // Locked: a reopen cannot slip between the check and the write.
      const conversation = await tx.conversations.lockById(workspaceId, conversationId);
      if (conversation === null) {
        throw new ConversationError(
          ConversationErrorCode.NotFound,
          `Conversation ${conversationId} does not exist in this workspace`,
        );
      }
      if (conversation.status !== 'resolved') {
        throw new ConversationError(
          ConversationErrorCode.InvalidTransition,
          `The satisfaction question is answered once the conversation is resolved; it is ${conversation.status}`,
        );
      }
      const comment = input.comment === undefined || input.comment === '' ? null : input.comment;
      const row = await tx.satisfaction.upsert({ workspaceId, conversationId, score: input.score, comment });
      const satisfaction = toSatisfactionDto(row);
      await tx.webhookDeliveries.enqueue({
        workspaceId,
        type: 'satisfaction.created',
        data: { conversation: toConversationDto(conversation), satisfaction },
      });
      return satisfaction;
    });
  }

  async get(workspaceId: string, conversationId: string): Promise<SatisfactionDto> {
    const row = await this.repositories.satisfaction.find(workspaceId, conversationId);
    if (row === null) {
      throw new SatisfactionError(
        SatisfactionErrorCode.NotFound,
        `Conversation ${conversationId} has no satisfaction answer in this workspace`,
      );
    }
    return toSatisfactionDto(row);
  }
}

function toSatisfactionDto(row: ConversationSatisfactionEntity): SatisfactionDto {
  return {
    conversationId: row.conversationId,
    score: row.score,
    comment: row.comment,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
