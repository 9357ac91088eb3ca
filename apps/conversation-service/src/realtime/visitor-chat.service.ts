import { Inject, Injectable } from '@nestjs/common';
import type {
  ConversationDto,
  MessageDto,
  ResumeConversationPayload,
  SendMessagePayload,
  TypingPayload,
} from '@neodesk/contracts';
import { ConversationError, ConversationErrorCode } from '../conversations/conversation.error';
import { ConversationsService } from '../conversations/conversations.service';
import { MessagesService } from '../messages/messages.service';
import type { VisitorIdentity } from '../widget/widget-sessions.service';
import { RealtimeEmitter } from './realtime-emitter';

const RESUME_PAGE = 200;

/** What a visitor can do over the gateway, always inside their own conversations. */
@Injectable()
export class VisitorChatService {
  constructor(
    @Inject(ConversationsService) private readonly conversations: ConversationsService,
    @Inject(MessagesService) private readonly messages: MessagesService,
    @Inject(RealtimeEmitter) private readonly emitter: RealtimeEmitter,
  ) {}

  async sendMessage(visitor: VisitorIdentity, payload: SendMessagePayload): Promise<MessageDto> {
    await this.ownConversation(visitor, payload.conversationId);
    const result = await this.messages.append(visitor.workspaceId, payload.conversationId, {
      author: 'customer',
      text: payload.text,
      clientMessageId: payload.clientMessageId,
    });
    // A retry was already pushed the first time.
    if (result.created) {
      this.emitter.messageCreated(result.conversation, result.message);
    }
    return result.message;
  }

  async resume(visitor: VisitorIdentity, payload: ResumeConversationPayload): Promise<MessageDto[]> {
    await this.ownConversation(visitor, payload.conversationId);
    return this.messages.page(visitor.workspaceId, payload.conversationId, {
      afterSeq: payload.afterSeq,
      limit: RESUME_PAGE,
    });
  }

  async typing(visitor: VisitorIdentity, payload: TypingPayload): Promise<void> {
    await this.ownConversation(visitor, payload.conversationId);
    this.emitter.visitorTyping(visitor.workspaceId, {
      conversationId: payload.conversationId,
      visitorId: visitor.visitorId,
      isTyping: payload.isTyping,
    });
  }

  /** Another visitor's conversation reads exactly like one that does not exist. */
  private async ownConversation(visitor: VisitorIdentity, conversationId: string): Promise<ConversationDto> {
    const conversation = await this.conversations.get(visitor.workspaceId, conversationId);
    if (conversation.visitorId !== visitor.visitorId) {
      throw new ConversationError(
        ConversationErrorCode.NotFound,
        `Conversation ${conversationId} does not exist in this workspace`,
      );
    }
    return conversation;
  }
}
