import type { ConversationDto, MessageDto } from '@neodesk/contracts';
import type { ConversationEntity, MessageEntity } from '@neodesk/persistence';

export function toConversationDto(conversation: ConversationEntity): ConversationDto {
  return {
    id: conversation.id,
    workspaceId: conversation.workspaceId,
    visitorId: conversation.visitorId,
    customer: conversation.customer,
    channel: conversation.channel,
    status: conversation.status,
    assignedAgentId: conversation.assignedAgentId,
    labels: conversation.labels,
    lastSeq: conversation.lastSeq,
    metadata: conversation.metadata,
    createdAt: conversation.createdAt.toISOString(),
    updatedAt: conversation.updatedAt.toISOString(),
    lastMessageAt: conversation.lastMessageAt?.toISOString() ?? null,
    resolvedAt: conversation.resolvedAt?.toISOString() ?? null,
  };
}

export function toMessageDto(message: MessageEntity): MessageDto {
  const generation =
    message.modelId === null
      ? null
      : {
          modelId: message.modelId,
          modelVersion: message.modelVersion ?? '',
          promptTokens: message.promptTokens ?? 0,
          completionTokens: message.completionTokens ?? 0,
          queueMs: message.queueMs ?? 0,
          timeToFirstTokenMs: message.timeToFirstTokenMs ?? 0,
          totalMs: message.totalMs ?? 0,
          finishReason: message.finishReason ?? 'stop',
          meanTokenProbability: message.meanTokenProbability,
          minTokenProbability: message.minTokenProbability,
        };
  return {
    id: message.id,
    conversationId: message.conversationId,
    seq: message.seq,
    author: message.author,
    authorUserId: message.authorUserId,
    // Only agents are named to the customer; a system notice an admin triggered stays anonymous.
    authorName: message.author === 'agent' ? (message.authorName ?? null) : null,
    text: message.text,
    clientMessageId: message.clientMessageId,
    generation,
    feedback: message.feedback,
    sources: message.sources,
    createdAt: message.createdAt.toISOString(),
  };
}
