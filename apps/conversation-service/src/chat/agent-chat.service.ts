import { Inject, Injectable } from '@nestjs/common';
import type {
  ConversationDto,
  ConversationRefPayload,
  MessageDto,
  ResumeConversationPayload,
  ResumeResult,
  SendMessagePayload,
  TypingPayload,
} from '@neodesk/contracts';
import type { AgentIdentity } from '../auth/auth.service';
import { ConversationsService } from '../conversations/conversations.service';
import { ChatService } from './chat.service';

/** What an agent can do over the gateway; the workspace always comes from the agent's token. */
@Injectable()
export class AgentChatService {
  constructor(
    @Inject(ConversationsService) private readonly conversations: ConversationsService,
    @Inject(ChatService) private readonly chat: ChatService,
  ) {}

  async sendMessage(agent: AgentIdentity, payload: SendMessagePayload): Promise<MessageDto> {
    return (await this.chat.postAgentMessage(agent, payload.conversationId, payload)).message;
  }

  takeOver(agent: AgentIdentity, payload: ConversationRefPayload): Promise<ConversationDto> {
    return this.chat.takeOver(agent, payload.conversationId);
  }

  resolve(agent: AgentIdentity, payload: ConversationRefPayload): Promise<ConversationDto> {
    return this.chat.resolve(agent.workspaceId, payload.conversationId);
  }

  handBack(agent: AgentIdentity, payload: ConversationRefPayload): Promise<ConversationDto> {
    return this.chat.handBack(agent.workspaceId, payload.conversationId);
  }

  async resume(agent: AgentIdentity, payload: ResumeConversationPayload): Promise<ResumeResult> {
    // Checks the conversation is in the agent's workspace before looking for streaming replies.
    await this.conversations.get(agent.workspaceId, payload.conversationId);
    return this.chat.resume(agent.workspaceId, payload.conversationId, payload.afterSeq);
  }

  async typing(agent: AgentIdentity, payload: TypingPayload): Promise<void> {
    this.chat.agentTyping(await this.conversations.get(agent.workspaceId, payload.conversationId), payload);
  }
}
