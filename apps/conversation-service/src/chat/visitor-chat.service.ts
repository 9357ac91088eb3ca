import { Inject, Injectable, Logger } from '@nestjs/common';
import type {
  ConversationDto,
  ConversationRefPayload,
  MessageDto,
  MessageFeedbackDto,
  MessageFeedbackPayload,
  ResumeConversationPayload,
  ResumeResult,
  SatisfactionDto,
  SatisfactionPayload,
  SendMessagePayload,
  TypingPayload,
  VisitorIdentity as VisitorIdentityPayload,
  VisitorIdentityDto,
} from '@neodesk/contracts';
import { ConversationError, ConversationErrorCode } from '../conversations/conversation.error';
import { ConversationsService } from '../conversations/conversations.service';
import { RealtimeEmitter } from '../realtime/realtime-emitter';
import { SatisfactionService } from '../satisfaction/satisfaction.service';
import type { VisitorIdentity } from '../widget/widget-sessions.service';
import { isIdentityVerified } from '../widget-settings/identity-hash';
import { WidgetSettingsService } from '../widget-settings/widget-settings.service';
import { ChatService } from './chat.service';

/** What a visitor can do over the gateway, always inside their own conversations. */
@Injectable()
export class VisitorChatService {
  private readonly logger = new Logger(VisitorChatService.name);

  constructor(
    @Inject(ConversationsService) private readonly conversations: ConversationsService,
    @Inject(ChatService) private readonly chat: ChatService,
    @Inject(WidgetSettingsService) private readonly widgetSettings: WidgetSettingsService,
    @Inject(SatisfactionService) private readonly satisfaction: SatisfactionService,
    @Inject(RealtimeEmitter) private readonly emitter: RealtimeEmitter,
  ) {}

  /** The ownership check rides along with the write (one statement in the common case). */
  async sendMessage(
    visitor: VisitorIdentity,
    payload: SendMessagePayload,
    fromConnection?: string,
  ): Promise<MessageDto> {
    const result = await this.chat.postCustomerMessage(visitor.workspaceId, payload.conversationId, {
      text: payload.text,
      clientMessageId: payload.clientMessageId,
      visitorId: visitor.visitorId,
      fromConnection,
    });
    return result.message;
  }

  async resume(visitor: VisitorIdentity, payload: ResumeConversationPayload): Promise<ResumeResult> {
    await this.ownConversation(visitor, payload.conversationId);
    const result = await this.chat.resume(visitor.workspaceId, payload.conversationId, payload.afterSeq);
    // After the answer: a message whose reply died with another replica is answered now (see there).
    this.chat.recoverLostReply(visitor.workspaceId, payload.conversationId).catch((error: unknown) => {
      this.logger.warn({ err: error }, `Could not check conversation ${payload.conversationId} for a lost reply`);
    });
    return result;
  }

  async requestHandoff(visitor: VisitorIdentity, payload: ConversationRefPayload): Promise<ConversationDto> {
    await this.ownConversation(visitor, payload.conversationId);
    return this.chat.requestHandoff(visitor.workspaceId, payload.conversationId);
  }

  async rateMessage(visitor: VisitorIdentity, payload: MessageFeedbackPayload): Promise<MessageFeedbackDto> {
    await this.ownConversation(visitor, payload.conversationId);
    const ref = payload.messageId === undefined ? { seq: payload.seq ?? 0 } : { messageId: payload.messageId };
    return this.chat.rateMessage(visitor.workspaceId, payload.conversationId, ref, payload);
  }

  /** `identify()`: verified only when the workspace has an identity secret and the hash proves the e-mail. */
  async identify(visitor: VisitorIdentity, payload: VisitorIdentityPayload): Promise<VisitorIdentityDto> {
    const settings = await this.widgetSettings.settings(visitor.workspaceId);
    const verified = isIdentityVerified(settings.identitySecret, payload.email, payload.hash);
    const conversation = await this.conversations.setVisitorIdentity(visitor.workspaceId, visitor.visitorId, {
      name: payload.name,
      email: payload.email,
      verified,
    });
    this.emitter.conversationUpdated(conversation);
    const { name, email } = conversation.customer ?? {};
    return { name: typeof name === 'string' ? name : null, email: typeof email === 'string' ? email : null, verified };
  }

  /** The answer to the satisfaction question, in the visitor's own resolved conversation. */
  async rateConversation(visitor: VisitorIdentity, payload: SatisfactionPayload): Promise<SatisfactionDto> {
    await this.ownConversation(visitor, payload.conversationId);
    return this.satisfaction.answer(visitor.workspaceId, payload.conversationId, payload);
  }

  async typing(visitor: VisitorIdentity, payload: TypingPayload): Promise<void> {
    this.chat.visitorTyping(await this.ownConversation(visitor, payload.conversationId), payload);
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
