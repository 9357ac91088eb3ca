import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  MAX_CLIENT_MESSAGE_ID_LENGTH,
  type ConversationDto,
  type GenerationStats,
  type MessageAuthor,
  type MessageDto,
  type MessageSourceDto,
} from '@neodesk/contracts';
import { Repositories, UnitOfWork, type MessageSearchHit } from '@neodesk/persistence';
import { assertAuthorAllowed, statusAfterCustomerMessage } from '../conversations/conversation-status.rules';
import { ConversationError, ConversationErrorCode } from '../conversations/conversation.error';
import { toConversationDto, toMessageDto } from '../conversations/conversation.mapper';
import { Metrics } from '../metrics/metrics';
import { validateMessageText } from './message-text';

export interface AppendMessageInput {
  author: MessageAuthor;
  text: string;
  /** Chosen by the client; a retry with the same id returns the stored message instead of a copy. */
  clientMessageId?: string | null;
  authorUserId?: string | null;
  /** Model and timing figures of a bot reply; the confidence figures are optional (older workers). */
  generation?: Omit<GenerationStats, 'meanTokenProbability' | 'minTokenProbability'> &
    Partial<Pick<GenerationStats, 'meanTokenProbability' | 'minTokenProbability'>>;
  /** Knowledge-base articles a bot reply drew on, best first. */
  sources?: MessageSourceDto[];
  /** A bot reply to the customer message with this sequence number: refused if the customer wrote since. */
  replyToSeq?: number;
  /** Only into a conversation of this visitor (another visitor's reads as not found). */
  visitorId?: string;
}

export interface AppendResult {
  message: MessageDto;
  conversation: ConversationDto;
  /** False when the client message id had already been stored (an idempotent retry). */
  created: boolean;
}

/** Authors whose messages make up the dialogue a prompt is built from. */
const DIALOGUE_AUTHORS: readonly MessageAuthor[] = ['customer', 'bot', 'agent'];
const MAX_PAGE = 500;

@Injectable()
export class MessagesService {
  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(Repositories) private readonly repositories: Repositories,
    // Absent where the service is built by hand (integration fixtures) rather than by Nest.
    @Optional() @Inject(Metrics) private readonly metrics?: Metrics,
  ) {}

  /**
   * Stores a message with the conversation's next sequence number. The conversation row is locked
   * for the transaction, so concurrent appends get consecutive numbers with no gaps or duplicates,
   * and a retry with the same client message id finds the first copy.
   *
   * A customer's or agent's new message is stored in one statement (the common case, one round trip);
   * anything else (a retry, a conversation that is not there, bot replies with their checks, a workspace
   * with a webhook for `message.created`) takes the transaction below, which tells the cases apart and
   * writes the event to the webhook outbox with the message.
   */
  async append(workspaceId: string, conversationId: string, input: AppendMessageInput): Promise<AppendResult> {
    const result = await this.store(workspaceId, conversationId, input);
    if (result.created) {
      this.metrics?.messageCreated(input.author);
    }
    return result;
  }

  private async store(workspaceId: string, conversationId: string, input: AppendMessageInput): Promise<AppendResult> {
    const text = validateMessageText(input.text, input.author);
    const clientMessageId = normalizeClientMessageId(input.clientMessageId);
    if (input.generation !== undefined && input.author !== 'bot') {
      throw new ConversationError(ConversationErrorCode.InvalidInput, 'Only bot messages carry generation figures');
    }
    if (input.sources !== undefined && input.sources.length > 0 && input.author !== 'bot') {
      throw new ConversationError(ConversationErrorCode.InvalidInput, 'Only bot messages carry sources');
    }
    if ((input.author === 'customer' || input.author === 'agent') && input.replyToSeq === undefined) {
      const direct = await this.repositories.messages.appendDirect({
        workspaceId,
        conversationId,
        author: input.author,
        authorUserId: input.authorUserId ?? null,
        text,
        clientMessageId,
        visitorId: input.visitorId,
        // The same rule as the transaction below, asked for the one status it changes.
        reopenResolvedAs: input.author === 'customer' ? (statusAfterCustomerMessage('resolved') ?? null) : null,
      });
      if (direct !== null) {
        return {
          message: toMessageDto(direct.message),
          conversation: toConversationDto(direct.conversation),
          created: true,
        };
      }
    }
    return this.unitOfWork.run(async (tx) => {
      const conversation = await tx.conversations.lockById(workspaceId, conversationId);
      if (conversation === null || (input.visitorId !== undefined && conversation.visitorId !== input.visitorId)) {
        throw new ConversationError(
          ConversationErrorCode.NotFound,
          `Conversation ${conversationId} does not exist in this workspace`,
        );
      }
      if (clientMessageId !== null) {
        const existing = await tx.messages.findByClientMessageId(workspaceId, conversationId, clientMessageId);
        if (existing !== null) {
          if (existing.author !== input.author || existing.text !== text) {
            throw new ConversationError(
              ConversationErrorCode.ClientMessageIdConflict,
              `Client message id ${clientMessageId} was already used for a different message`,
            );
          }
          return { message: toMessageDto(existing), conversation: toConversationDto(conversation), created: false };
        }
      }
      assertAuthorAllowed(conversation.status, input.author);
      // Stale once the customer wrote again; redundant once another reply answered the same message.
      if (
        input.replyToSeq !== undefined &&
        ((await tx.messages.existsAfter(workspaceId, conversationId, 'customer', input.replyToSeq)) ||
          (await tx.messages.existsAfter(workspaceId, conversationId, 'bot', input.replyToSeq)))
      ) {
        throw new ConversationError(
          ConversationErrorCode.ReplySuperseded,
          `Message ${input.replyToSeq} was answered or followed by the customer since; this reply is no longer current`,
        );
      }
      const reopenAs = input.author === 'customer' ? statusAfterCustomerMessage(conversation.status) : undefined;
      const seq = await tx.conversations.takeNextSeq(
        workspaceId,
        conversationId,
        reopenAs === undefined ? undefined : { status: reopenAs, assignedAgentId: null, resolvedAt: null },
      );
      if (reopenAs !== undefined) {
        await tx.statusChanges.record({
          workspaceId,
          conversationId,
          fromStatus: conversation.status,
          toStatus: reopenAs,
          reason: null,
          agentId: null,
        });
      }
      const generation = input.generation;
      const message = await tx.messages.insert({
        workspaceId,
        conversationId,
        seq,
        author: input.author,
        authorUserId: input.authorUserId ?? null,
        text,
        clientMessageId,
        ...(input.sources === undefined || input.sources.length === 0 ? {} : { sources: input.sources }),
        ...(generation === undefined
          ? {}
          : {
              modelId: generation.modelId,
              modelVersion: generation.modelVersion,
              promptTokens: generation.promptTokens,
              completionTokens: generation.completionTokens,
              queueMs: Math.round(generation.queueMs),
              timeToFirstTokenMs: Math.round(generation.timeToFirstTokenMs),
              totalMs: Math.round(generation.totalMs),
              finishReason: generation.finishReason,
              meanTokenProbability: generation.meanTokenProbability ?? null,
              minTokenProbability: generation.minTokenProbability ?? null,
            }),
      });
      const updated = await tx.conversations.findById(workspaceId, conversationId);
      const result = {
        message: toMessageDto(message),
        conversation: toConversationDto(updated ?? conversation),
        created: true,
      };
      await tx.webhookDeliveries.enqueue({
        workspaceId,
        type: 'message.created',
        data: { conversation: result.conversation, message: result.message },
      });
      return result;
    });
  }

  /** A page of the transcript: after a sequence number (catching up) or before one (scrolling back). */
  async page(
    workspaceId: string,
    conversationId: string,
    query: { afterSeq?: number; beforeSeq?: number; limit?: number },
  ): Promise<MessageDto[]> {
    await this.assertConversationExists(workspaceId, conversationId);
    const limit = Math.min(Math.max(query.limit ?? 100, 1), MAX_PAGE);
    const rows = await this.repositories.messages.page(workspaceId, conversationId, { ...query, limit });
    return rows.map(toMessageDto);
  }

  /** The newest `turns` dialogue messages, oldest first, for building a prompt. */
  async lastTurns(workspaceId: string, conversationId: string, turns: number): Promise<MessageDto[]> {
    await this.assertConversationExists(workspaceId, conversationId);
    const rows = await this.repositories.messages.lastTurns(
      workspaceId,
      conversationId,
      Math.min(Math.max(turns, 1), MAX_PAGE),
      DIALOGUE_AUTHORS,
    );
    return rows.map(toMessageDto);
  }

  search(workspaceId: string, text: string, limit = 20): Promise<MessageSearchHit[]> {
    if (text.trim().length === 0) {
      return Promise.resolve([]);
    }
    return this.repositories.messages.search(workspaceId, text, Math.min(Math.max(limit, 1), 100));
  }

  private async assertConversationExists(workspaceId: string, conversationId: string): Promise<void> {
    if ((await this.repositories.conversations.findById(workspaceId, conversationId)) === null) {
      throw new ConversationError(
        ConversationErrorCode.NotFound,
        `Conversation ${conversationId} does not exist in this workspace`,
      );
    }
  }
}

function normalizeClientMessageId(id: string | null | undefined): string | null {
  if (id === undefined || id === null) {
    return null;
  }
  const trimmed = id.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_CLIENT_MESSAGE_ID_LENGTH || !trimmed.isWellFormed()) {
    throw new ConversationError(
      ConversationErrorCode.InvalidInput,
      `A client message id must have 1 to ${MAX_CLIENT_MESSAGE_ID_LENGTH} characters`,
    );
  }
  return trimmed;
}
