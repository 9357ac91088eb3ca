import { Inject, Injectable } from '@nestjs/common';
import type { ListMessagesQuery, MessagePageDto, PostedMessageDto, PostMessageRequest } from '@neodesk/contracts';
import { Repositories } from '@neodesk/persistence';
import type { Caller } from '../auth/caller';
import { ChatService, type PostMessageResult } from '../chat/chat.service';
import { ConversationError, ConversationErrorCode } from '../conversations/conversation.error';
import { toMessageDto } from '../conversations/conversation.mapper';
import { ConversationsService } from '../conversations/conversations.service';
import { UsersService } from '../users/users.service';
import { MessagePostError, MessagePostErrorCode } from './message-post.error';
import { MessagesService } from './messages.service';

/** How long `?wait=true` waits for the bot reply before answering `pending`. */
export const MAX_REPLY_WAIT_MS = 30_000;

export interface PostedMessage extends PostedMessageDto {
  /** False for a retry with the same Idempotency-Key: nothing new was stored. */
  created: boolean;
}

/** Messages of a conversation over REST, through the same chat flow as the widget's and dashboard's sockets. */
@Injectable()
export class ConversationMessagesService {
  constructor(
    @Inject(ChatService) private readonly chat: ChatService,
    @Inject(MessagesService) private readonly messages: MessagesService,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(ConversationsService) private readonly conversations: ConversationsService,
    @Inject(Repositories) private readonly repositories: Repositories,
  ) {}

  async list(workspaceId: string, conversationId: string, query: ListMessagesQuery): Promise<MessagePageDto> {
    return { data: await this.messages.page(workspaceId, conversationId, query) };
  }

  /**
   * Posts as the customer or as an agent. The idempotency key becomes the client message id: a retry with
   * the same body returns the stored message (`created` false), one with another body is a conflict.
   */
  async post(
    caller: Caller,
    conversationId: string,
    input: PostMessageRequest,
    idempotencyKey: string | null,
    wait: boolean,
  ): Promise<PostedMessage> {
    const authorUserId = input.author === 'agent' ? await this.agentOf(caller, input.agentUserId) : null;
    const retry =
      idempotencyKey === null
        ? null
        : await this.repositories.messages.findByClientMessageId(caller.workspaceId, conversationId, idempotencyKey);
    if (retry !== null) {
      // Answered before the chat flow runs again: a retry must not take the conversation over a second time.
      if (retry.author !== input.author || retry.text !== input.text || retry.authorUserId !== authorUserId) {
        throw new ConversationError(
          ConversationErrorCode.ClientMessageIdConflict,
          `Idempotency-Key ${idempotencyKey} was already used for a different message`,
        );
      }
      const conversation = await this.conversations.get(caller.workspaceId, conversationId);
      return { message: toMessageDto(retry), conversation, replyId: null, created: false };
    }
    const message = { text: input.text, clientMessageId: idempotencyKey };
    // A retry racing the first request past the check above is caught by append, under the row lock.
    const result: PostMessageResult =
      authorUserId === null
        ? await this.chat.postCustomerMessage(caller.workspaceId, conversationId, message)
        : await this.chat.postAgentMessage(
            { workspaceId: caller.workspaceId, userId: authorUserId },
            conversationId,
            message,
          );
    if (!result.created && result.message.authorUserId !== authorUserId) {
      throw new ConversationError(
        ConversationErrorCode.ClientMessageIdConflict,
        `Idempotency-Key ${idempotencyKey} was already used for a message by another author`,
      );
    }
    const posted = {
      message: result.message,
      conversation: result.conversation,
      replyId: result.replyId,
      created: result.created,
    };
    return wait && result.replyId !== null ? { ...posted, reply: await this.awaitReply(caller, result) } : posted;
  }

  /** The agent an agent message is written by: the caller with an agent token, `agentUserId` with a key. */
  private async agentOf(caller: Caller, agentUserId: string | undefined): Promise<string> {
    if (caller.userId !== null) {
      if (agentUserId !== undefined && agentUserId !== caller.userId) {
        throw new ConversationError(
          ConversationErrorCode.InvalidInput,
          'With an agent token, agent messages are written as yourself; leave agentUserId out',
        );
      }
      return caller.userId;
    }
    if (agentUserId === undefined) {
      throw new ConversationError(
        ConversationErrorCode.AgentRequired,
        'An agent message posted with an API key needs agentUserId (a user of the workspace)',
      );
    }
    if ((await this.users.findActive(caller.workspaceId, agentUserId)) === null) {
      throw new ConversationError(
        ConversationErrorCode.AgentNotInWorkspace,
        `User ${agentUserId} is not an active member of this workspace`,
      );
    }
    return agentUserId;
  }

  private async awaitReply(caller: Caller, result: PostMessageResult): Promise<NonNullable<PostedMessageDto['reply']>> {
    const end = await this.chat.waitForReply(result.replyId ?? '', MAX_REPLY_WAIT_MS);
    if (end === null) {
      return { outcome: 'pending', message: null };
    }
    if (end.outcome === 'failed') {
      throw new MessagePostError(
        MessagePostErrorCode.BotUnavailable,
        `No worker could answer; message ${result.message.seq} is stored and the conversation waits for a human`,
      );
    }
    return {
      outcome: end.outcome,
      message: await this.chat.replyMessage(caller.workspaceId, result.conversation.id, end),
    };
  }
}
