import { Inject, Injectable, Logger } from '@nestjs/common';
import type {
  ConversationDto,
  HandoffReason,
  MessageDto,
  MessageFeedbackDto,
  ResumeResult,
  TypingPayload,
} from '@neodesk/contracts';
import type { MessageRef } from '@neodesk/persistence';
import type { AgentIdentity } from '../auth/auth.service';
import { asksForHuman } from '../bot/bot-prompt';
import { BotReplyService, type ReplyEnd } from '../bot/bot-reply.service';
import { BotSettingsService } from '../bot/bot-settings.service';
import { ConversationsService } from '../conversations/conversations.service';
import { FeedbackService, type RateMessageInput } from '../feedback/feedback.service';
import { CustomerInputGuard } from '../guardrails/input/customer-input-guard.service';
import { ConfidenceHandoffService } from '../guardrails/confidence/confidence-handoff.service';
import { HandoffService } from '../handoff/handoff.service';
import { type AppendResult, MessagesService } from '../messages/messages.service';
import { RealtimeEmitter } from '../realtime/realtime-emitter';

export interface PostMessageInput {
  text: string;
  /** Only into a conversation of this visitor (the widget's socket); another's reads as not found. */
  visitorId?: string;
  /** The connection that sent it (a socket id): its ack carries the message, so the push skips it. */
  fromConnection?: string;
  /** Chosen by the client (or the REST Idempotency-Key): a retry returns the stored message. */
  clientMessageId?: string | null;
}

export interface PostMessageResult extends AppendResult {
  /** The bot reply this message started, or null (a human owns the conversation, a retry, a handoff phrase). */
  replyId: string | null;
}

/** Most messages a resume returns at once; the client asks again after the last one while `hasMore`. */
export const RESUME_PAGE = 200;
/** How long a customer message waits unanswered before a resume may restart its lost reply. */
export const RECOVER_REPLY_AFTER_MS = 1_000;

/**
 * The conversation flow every edge shares (the widget's and the dashboard's sockets, the REST API): store a
 * message, push it, start or stop the bot, and move a conversation between the bot, the queue and agents.
 */
@Injectable()
export class ChatService {
  private readonly logger = new Logger(ChatService.name);

  constructor(
    @Inject(ConversationsService) private readonly conversations: ConversationsService,
    @Inject(MessagesService) private readonly messages: MessagesService,
    @Inject(BotReplyService) private readonly bot: BotReplyService,
    @Inject(BotSettingsService) private readonly settings: BotSettingsService,
    @Inject(HandoffService) private readonly handoff: HandoffService,
    @Inject(RealtimeEmitter) private readonly emitter: RealtimeEmitter,
    @Inject(FeedbackService) private readonly feedback: FeedbackService,
    @Inject(CustomerInputGuard) private readonly customerInput: CustomerInputGuard,
    @Inject(ConfidenceHandoffService) private readonly confidence: ConfidenceHandoffService,
  ) {}

  /**
   * A customer's message: stored with the next sequence number and pushed; in bot mode it starts the bot's
   * reply, or hands the conversation to a human when it asks for one in the workspace's words.
   */
  async postCustomerMessage(
    workspaceId: string,
    conversationId: string,
    input: PostMessageInput,
  ): Promise<PostMessageResult> {
    const guarded = await this.customerInput.prepare(workspaceId, input.text);
    const result = await this.messages.append(workspaceId, conversationId, {
      author: 'customer',
      text: guarded.text,
      clientMessageId: input.clientMessageId,
      visitorId: input.visitorId,
    });
    if (!result.created) {
      // A retry: the first delivery already pushed it and started the reply.
      return { ...result, replyId: null };
    }
    this.emitter.messageCreated(result.conversation, result.message, input.fromConnection);
    const verdict = await this.customerInput.screen(result, guarded);
    if (result.conversation.status !== 'bot') {
      return { ...result, replyId: null };
    }
    const settings = await this.settings.get(workspaceId);
    if (asksForHuman(input.text, settings.handoffPhrases)) {
      await this.toQueue(workspaceId, conversationId, 'handoff_phrase');
      return { ...result, replyId: null };
    }
    if (verdict.abusiveTerm !== null) {
      await this.customerInput.answerAbuse(result, guarded, verdict.abusiveTerm);
      return { ...result, replyId: null };
    }
    if (await this.confidence.handOverRepeatedQuestion(workspaceId, conversationId, result.message)) {
      await this.bot.cancel(workspaceId, conversationId, 'cancelled');
      return { ...result, replyId: null };
    }
    return { ...result, replyId: this.bot.start(result.conversation, result.message.seq, settings) };
  }

  /** An agent's reply; an agent answering a conversation no human owns takes it over first. */
  async postAgentMessage(
    agent: AgentIdentity,
    conversationId: string,
    input: PostMessageInput,
  ): Promise<PostMessageResult> {
    const conversation = await this.conversations.get(agent.workspaceId, conversationId);
    if (conversation.status !== 'human') {
      await this.takeOver(agent, conversationId);
    }
    const result = await this.messages.append(agent.workspaceId, conversationId, {
      author: 'agent',
      authorUserId: agent.userId,
      text: input.text,
      clientMessageId: input.clientMessageId,
    });
    if (result.created) {
      this.emitter.messageCreated(result.conversation, result.message);
    }
    return { ...result, replyId: null };
  }

  /**
   * The visitor asked for a person (or a support system or agent queued it, ): the bot stops
   * at once and the conversation waits for an agent.
   */
  async requestHandoff(
    workspaceId: string,
    conversationId: string,
    reason: 'visitor_request' | 'api_request' = 'visitor_request',
  ): Promise<ConversationDto> {
    return this.toQueue(workspaceId, conversationId, reason);
  }

  /** The agent owns the conversation from now on; a reply in flight stops before this returns. */
  async takeOver(agent: AgentIdentity, conversationId: string): Promise<ConversationDto> {
    await this.stopReplies(agent.workspaceId, conversationId);
    const conversation = await this.conversations.changeStatus(agent.workspaceId, conversationId, {
      status: 'human',
      assignedAgentId: agent.userId,
    });
    // Again after the commit: a reply that started while the status was changing stops too.
    await this.bot.cancel(agent.workspaceId, conversationId, 'cancelled');
    this.handoff.announce(conversation, 'agent_takeover');
    return conversation;
  }

  async resolve(workspaceId: string, conversationId: string): Promise<ConversationDto> {
    await this.stopReplies(workspaceId, conversationId);
    const conversation = await this.conversations.changeStatus(workspaceId, conversationId, { status: 'resolved' });
    await this.bot.cancel(workspaceId, conversationId, 'cancelled');
    this.handoff.announce(conversation);
    return conversation;
  }

  /** The bot owns the conversation again; if the customer's last message is unanswered, it answers now. */
  async handBack(workspaceId: string, conversationId: string): Promise<ConversationDto> {
    const conversation = await this.conversations.changeStatus(workspaceId, conversationId, { status: 'bot' });
    this.handoff.announce(conversation);
    const [last] = await this.messages.lastTurns(workspaceId, conversationId, 1);
    if (last?.author === 'customer') {
      this.bot.start(conversation, last.seq);
    }
    return conversation;
  }

  /** Everything after `afterSeq`, and the replies still streaming with their text so far. */
  async resume(workspaceId: string, conversationId: string, afterSeq: number): Promise<ResumeResult> {
    const messages = await this.messages.page(workspaceId, conversationId, { afterSeq, limit: RESUME_PAGE });
    const streaming = await this.bot.snapshots(workspaceId, conversationId);
    return { messages, streaming, hasMore: messages.length === RESUME_PAGE };
  }

  /**
   * A visitor came back (a reconnect, often to another replica after its own died). When the bot owns the
   * conversation, the customer's newest message has waited RECOVER_REPLY_AFTER_MS without an answer and no
   * replica holds a reply for it in any phase (the one that did died with its replica), the bot answers it now
   * instead of leaving it to the lost-reply sweep minutes later. A reply starting elsewhere at the same moment
   * supersedes this one or is superseded by it: the message is answered once. Returns whether it restarted one.
   */
  async recoverLostReply(workspaceId: string, conversationId: string, now = Date.now()): Promise<boolean> {
    const conversation = await this.conversations.get(workspaceId, conversationId);
    if (conversation.status !== 'bot') {
      return false;
    }
    const [last] = await this.messages.lastTurns(workspaceId, conversationId, 1);
    if (last?.author !== 'customer' || now - Date.parse(last.createdAt) < RECOVER_REPLY_AFTER_MS) {
      return false;
    }
    if (await this.bot.live(workspaceId, conversationId)) {
      return false;
    }
    this.logger.warn(`Conversation ${conversationId}: message ${last.seq} had no reply under way; answering it now`);
    this.bot.start(conversation, last.seq);
    return true;
  }

  /** A rating of a bot message (the widget's thumbs); the last one counts and reaches webhooks. */
  async rateMessage(
    workspaceId: string,
    conversationId: string,
    ref: MessageRef,
    input: RateMessageInput,
  ): Promise<MessageFeedbackDto> {
    const feedback = await this.feedback.rate(workspaceId, conversationId, ref, input);
    this.emitter.messageRated(workspaceId, feedback);
    if (await this.confidence.afterRating(workspaceId, conversationId, feedback)) {
      await this.bot.cancel(workspaceId, conversationId, 'cancelled');
    }
    return feedback;
  }

  visitorTyping(conversation: ConversationDto, payload: TypingPayload): void {
    this.emitter.visitorTyping(conversation.workspaceId, {
      conversationId: conversation.id,
      visitorId: conversation.visitorId,
      isTyping: payload.isTyping,
    });
  }

  agentTyping(conversation: ConversationDto, payload: TypingPayload): void {
    this.emitter.agentTyping(conversation, { conversationId: conversation.id, isTyping: payload.isTyping });
  }

  /** Waits for a bot reply to end (REST `?wait=true`); null when it took longer than `timeoutMs`. */
  waitForReply(replyId: string, timeoutMs: number): Promise<ReplyEnd | null> {
    return this.bot.waitFor(replyId, timeoutMs);
  }

  /** The stored message of a finished reply. */
  async replyMessage(workspaceId: string, conversationId: string, end: ReplyEnd): Promise<MessageDto | null> {
    if (end.messageSeq === null) {
      return null;
    }
    const [message] = await this.messages.page(workspaceId, conversationId, {
      afterSeq: end.messageSeq - 1,
      limit: 1,
    });
    return message ?? null;
  }

  /** Stops the replies of a conversation of this workspace (one that does not exist here answers not found). */
  private async stopReplies(workspaceId: string, conversationId: string): Promise<void> {
    await this.conversations.get(workspaceId, conversationId);
    await this.bot.cancel(workspaceId, conversationId, 'cancelled');
  }

  private async toQueue(workspaceId: string, conversationId: string, reason: HandoffReason): Promise<ConversationDto> {
    await this.stopReplies(workspaceId, conversationId);
    const queued = await this.handoff.toQueue(workspaceId, conversationId, reason);
    await this.bot.cancel(workspaceId, conversationId, 'cancelled');
    return queued ?? this.conversations.get(workspaceId, conversationId);
  }
}
