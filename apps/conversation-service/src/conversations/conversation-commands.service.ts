import { Inject, Injectable } from '@nestjs/common';
import type { ConversationDto, CreateConversationRequest, UpdateConversationRequest } from '@neodesk/contracts';
import type { Caller } from '../auth/caller';
import { ChatService } from '../chat/chat.service';
import { RealtimeEmitter } from '../realtime/realtime-emitter';
import { ConversationError, ConversationErrorCode } from './conversation.error';
import { ConversationsService } from './conversations.service';

/**
 * What the REST API changes in conversations, told to the dashboards as the sockets' changes are. Status
 * changes go through the chat flow, as the dashboard's do: the bot stops before a human takes over or the
 * conversation is resolved, agents and the visitor are told, and a conversation handed back whose last
 * message is the customer's gets its bot reply.
 */
@Injectable()
export class ConversationCommandsService {
  constructor(
    @Inject(ChatService) private readonly chat: ChatService,
    @Inject(ConversationsService) private readonly conversations: ConversationsService,
    @Inject(RealtimeEmitter) private readonly emitter: RealtimeEmitter,
  ) {}

  /** A conversation opened by a support system: channel `api`, owned by the bot. */
  async create(caller: Caller, input: CreateConversationRequest): Promise<ConversationDto> {
    const conversation = await this.conversations.create(caller.workspaceId, { ...input, channel: 'api' });
    this.emitter.conversationUpdated(conversation);
    return conversation;
  }

  async update(caller: Caller, id: string, input: UpdateConversationRequest): Promise<ConversationDto> {
    const { workspaceId } = caller;
    let conversation = await this.conversations.get(workspaceId, id);
    const from = conversation.status;
    if (input.status === 'bot' && input.assigneeId !== undefined && input.assigneeId !== null) {
      throw new ConversationError(ConversationErrorCode.InvalidInput, 'A bot-owned conversation has no assignee');
    }
    switch (input.status) {
      case undefined:
        break;
      case 'human': {
        // The assignee given, else the current one, else the agent calling.
        const agent = input.assigneeId ?? conversation.assignedAgentId ?? caller.userId;
        if (agent === null) {
          throw new ConversationError(
            ConversationErrorCode.AgentRequired,
            'A human-owned conversation needs an assignee',
          );
        }
        if (conversation.status !== 'human' || conversation.assignedAgentId !== agent) {
          conversation = await this.chat.takeOver({ workspaceId, userId: agent }, id);
        }
        break;
      }
      case 'waiting_human':
        conversation = await this.chat.requestHandoff(workspaceId, id, 'api_request');
        break;
      case 'resolved':
        conversation = await this.chat.resolve(workspaceId, id);
        break;
      case 'bot':
        conversation = await this.chat.handBack(workspaceId, id);
        break;
    }
    // The queue takes only open conversations and leaves others as they are: say so rather than answer 200.
    if (input.status !== undefined && conversation.status !== input.status) {
      throw new ConversationError(
        ConversationErrorCode.InvalidTransition,
        `A conversation cannot go from ${from} to ${input.status}`,
      );
    }
    const assigneeLeft = input.status !== 'human' && input.assigneeId !== undefined;
    if (assigneeLeft || input.labels !== undefined) {
      conversation = await this.conversations.update(workspaceId, id, {
        ...(assigneeLeft ? { assigneeId: input.assigneeId } : {}),
        ...(input.labels === undefined ? {} : { labels: input.labels }),
      });
      // The chat flow announced the status change; this one is the assignee or the labels.
      this.emitter.conversationUpdated(conversation);
    }
    return conversation;
  }
}
