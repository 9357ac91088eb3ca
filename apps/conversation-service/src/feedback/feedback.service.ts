import { Inject, Injectable } from '@nestjs/common';
import {
  MAX_FEEDBACK_COMMENT_LENGTH,
  MESSAGE_FEEDBACK,
  type MessageFeedback,
  type MessageFeedbackDto,
} from '@neodesk/contracts';
import { type MessageEntity, type MessageRef, UnitOfWork } from '@neodesk/persistence';
import { ConversationError, ConversationErrorCode } from '../conversations/conversation.error';
import { toConversationDto, toMessageDto } from '../conversations/conversation.mapper';

export interface RateMessageInput {
  rating: MessageFeedback;
  /** Trimmed; empty counts as none. */
  comment?: string | null;
}

/**
 * Ratings of bot messages (thumbs up or down, with an optional comment), stored on the message; the last
 * rating counts. A new or changed rating is sent as `feedback.created` to webhooks, in the same transaction.
 */
@Injectable()
export class FeedbackService {
  constructor(@Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork) {}

  async rate(
    workspaceId: string,
    conversationId: string,
    ref: MessageRef,
    input: RateMessageInput,
  ): Promise<MessageFeedbackDto> {
    const comment = normalizeComment(input.comment);
    if (!MESSAGE_FEEDBACK.includes(input.rating)) {
      throw new ConversationError(
        ConversationErrorCode.InvalidInput,
        `rating must be one of ${MESSAGE_FEEDBACK.join(', ')}`,
      );
    }
    return this.unitOfWork.run(async (tx) => {
      const conversation = await tx.conversations.findById(workspaceId, conversationId);
      if (conversation === null) {
        throw new ConversationError(
          ConversationErrorCode.NotFound,
          `Conversation ${conversationId} does not exist in this workspace`,
        );
      }
      const message = await tx.messageFeedback.lockMessage(workspaceId, conversationId, ref);
      if (message === null) {
        throw new ConversationError(
          ConversationErrorCode.MessageNotFound,
          `Message ${'seq' in ref ? ref.seq : ref.messageId} does not exist in this conversation`,
        );
      }
      if (message.author !== 'bot') {
        throw new ConversationError(
          ConversationErrorCode.FeedbackNotAllowed,
          `Only the bot's messages take a rating; message ${message.seq} is the ${message.author}'s`,
        );
      }
      if (message.feedback === input.rating && message.feedbackComment === comment && message.feedbackAt !== null) {
        // The same rating again (a double click, a retry): nothing new to store or send.
        return toFeedbackDto(message);
      }
      const rated = await tx.messageFeedback.rate(workspaceId, message.id, input.rating, comment);
      if (rated === null) {
        throw new Error(`Message ${message.id} vanished while it was locked`);
      }
      const feedback = toFeedbackDto(rated);
      await tx.webhookDeliveries.enqueue({
        workspaceId,
        type: 'feedback.created',
        data: { conversation: toConversationDto(conversation), message: toMessageDto(rated), feedback },
      });
      return feedback;
    });
  }
}

function normalizeComment(comment: string | null | undefined): string | null {
  const trimmed = comment?.trim() ?? '';
  if (trimmed.length === 0) {
    return null;
  }
  if (trimmed.length > MAX_FEEDBACK_COMMENT_LENGTH || !trimmed.isWellFormed() || trimmed.includes('\u0000')) {
    throw new ConversationError(
      ConversationErrorCode.InvalidInput,
      `A comment must be valid text of at most ${MAX_FEEDBACK_COMMENT_LENGTH} characters`,
    );
  }
  return trimmed;
}

function toFeedbackDto(message: MessageEntity): MessageFeedbackDto {
  if (message.feedback === null || message.feedbackAt === null) {
    throw new Error(`Message ${message.id} has no rating`);
  }
  return {
    conversationId: message.conversationId,
    messageId: message.id,
    seq: message.seq,
    rating: message.feedback,
    comment: message.feedbackComment,
    createdAt: message.feedbackAt.toISOString(),
  };
}
