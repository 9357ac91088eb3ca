import { Injectable } from '@nestjs/common';
import type {
  AgentClientToServerEvents,
  AgentServerToClientEvents,
  ConversationDto,
  MessageDto,
  RealtimeInterServerEvents,
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
  VisitorTypingEvent,
} from '@neodesk/contracts';
import type { Namespace } from 'socket.io';
import { agentsRoom, visitorRoom } from './realtime-rooms';

export type VisitorNamespace = Namespace<
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
  RealtimeInterServerEvents
>;
export type AgentNamespace = Namespace<AgentClientToServerEvents, AgentServerToClientEvents, RealtimeInterServerEvents>;

/**
 * The one place that pushes events to rooms, typed by the contracts; services call it without knowing
 * about sockets. Through the Redis adapter, rooms reach the sockets of every replica.
 */
@Injectable()
export class RealtimeEmitter {
  private visitors: VisitorNamespace | undefined;
  private agents: AgentNamespace | undefined;

  attachVisitors(namespace: VisitorNamespace): void {
    this.visitors = namespace;
  }

  attachAgents(namespace: AgentNamespace): void {
    this.agents = namespace;
  }

  messageCreated(conversation: ConversationDto, message: MessageDto): void {
    this.visitors?.to(visitorRoom(conversation.workspaceId, conversation.visitorId)).emit('message:new', message);
    this.agents?.to(agentsRoom(conversation.workspaceId)).emit('message:new', { conversation, message });
  }

  visitorTyping(workspaceId: string, event: VisitorTypingEvent): void {
    this.agents?.to(agentsRoom(workspaceId)).emit('visitor:typing', event);
  }
}
