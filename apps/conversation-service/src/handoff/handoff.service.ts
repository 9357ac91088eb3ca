import { Inject, Injectable } from '@nestjs/common';
import type { ConversationDto, ConversationStatus, HandoffReason } from '@neodesk/contracts';
import { ConversationsService } from '../conversations/conversations.service';
import { MessagesService } from '../messages/messages.service';
import { RealtimeEmitter } from '../realtime/realtime-emitter';

/** Statuses a handoff to the queue may start from: never take a conversation away from an agent. */
const HANDOFF_FROM: readonly ConversationStatus[] = ['bot'];

/**
 * Puts a conversation in the human queue (`waiting_human`) and tells everyone: the visitor sees the
 * status (and, when the bot failed, the workspace's fallback message), agents get a handoff event with why.
 */
@Injectable()
export class HandoffService {
  constructor(
    @Inject(ConversationsService) private readonly conversations: ConversationsService,
    @Inject(MessagesService) private readonly messages: MessagesService,
    @Inject(RealtimeEmitter) private readonly emitter: RealtimeEmitter,
  ) {}

  /**
   * Hands a bot-owned conversation to the queue. Returns null when it was not bot-owned any more (an agent
   * took it, it was resolved, or it already waits): nothing changes and nothing is sent.
   */
  async toQueue(
    workspaceId: string,
    conversationId: string,
    reason: HandoffReason,
    fallback?: { text: string; clientMessageId: string },
  ): Promise<ConversationDto | null> {
    const { conversation, changed } = await this.conversations.changeStatusFrom(
      workspaceId,
      conversationId,
      HANDOFF_FROM,
      { status: 'waiting_human', reason },
    );
    if (!changed) {
      return null;
    }
    this.emitter.conversationUpdated(conversation);
    this.emitter.handoff(conversation, reason);
    if (fallback !== undefined) {
      const result = await this.messages.append(workspaceId, conversationId, {
        author: 'system',
        text: fallback.text,
        clientMessageId: fallback.clientMessageId,
      });
      if (result.created) {
        this.emitter.messageCreated(result.conversation, result.message);
      }
    }
    return conversation;
  }

  /** Tells everyone about a status change made elsewhere (takeover, resolve, hand back). */
  announce(conversation: ConversationDto, reason?: HandoffReason): void {
    this.emitter.conversationUpdated(conversation);
    if (reason !== undefined) {
      this.emitter.handoff(conversation, reason);
    }
  }
}
