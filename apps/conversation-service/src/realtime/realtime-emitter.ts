import { Injectable } from '@nestjs/common';
import type {
  GuardrailDecisionEvent,
  AgentTypingEvent,
  BotReplyDeltaEvent,
  BotReplyEndEvent,
  BotReplyStartEvent,
  HandoffReason,
  MessageFeedbackDto,
  AgentClientToServerEvents,
  AgentServerToClientEvents,
  ConversationDto,
  AgentPresenceDto,
  AgentPresenceStatus,
  MessageDto,
  NoteDto,
  RealtimeInterServerEvents,
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
  VisitorTypingEvent,
} from '@neodesk/contracts';
import type { Namespace } from 'socket.io';
import { agentUserRoom, agentsRoom, visitorRoom } from './realtime-rooms';

export type VisitorNamespace = Namespace<
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
  RealtimeInterServerEvents
>;
export type AgentNamespace = Namespace<AgentClientToServerEvents, AgentServerToClientEvents, RealtimeInterServerEvents>;

/** One dashboard socket's presence. */
export interface PresenceEntry {
  userId: string;
  status: AgentPresenceStatus;
}

/** Who hears about a conversation: its workspace's agents and its visitor. */
export interface ConversationAudience {
  workspaceId: string;
  visitorId: string;
}

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
    // Another replica asks for this one's dashboard sockets (only with the Redis adapter).
    namespace.on('presence:local', (workspaceId, answer) => {
      if (typeof workspaceId === 'string' && typeof answer === 'function') {
        void this.localPresence(workspaceId).then(answer, () => answer([]));
      }
    });
  }

  /**
   * A stored message to the visitor's tabs and the workspace's agents; `exceptConnection` (a socket id)
   * already has it from its ack and is skipped.
   */
  messageCreated(conversation: ConversationDto, message: MessageDto, exceptConnection?: string): void {
    const tabs = this.visitors?.to(visitorRoom(conversation.workspaceId, conversation.visitorId));
    (exceptConnection === undefined ? tabs : tabs?.except(exceptConnection))?.emit('message:new', message);
    this.agents?.to(agentsRoom(conversation.workspaceId)).emit('message:new', { conversation, message });
  }

  visitorTyping(workspaceId: string, event: VisitorTypingEvent): void {
    this.agents?.to(agentsRoom(workspaceId)).emit('visitor:typing', event);
  }

  agentTyping(conversation: ConversationAudience, event: AgentTypingEvent): void {
    this.visitors?.to(visitorRoom(conversation.workspaceId, conversation.visitorId)).emit('agent:typing', event);
  }

  /** Status, assignee or labels changed: agents get the conversation, the visitor who owns the conversation. */
  conversationUpdated(conversation: ConversationDto): void {
    this.agents?.to(agentsRoom(conversation.workspaceId)).emit('conversation:updated', conversation);
    this.visitors
      ?.to(visitorRoom(conversation.workspaceId, conversation.visitorId))
      .emit('conversation:status', { conversationId: conversation.id, status: conversation.status });
  }

  handoff(conversation: ConversationDto, reason: HandoffReason): void {
    this.agents?.to(agentsRoom(conversation.workspaceId)).emit('conversation:handoff', { conversation, reason });
  }

  messageRated(workspaceId: string, feedback: MessageFeedbackDto): void {
    this.agents?.to(agentsRoom(workspaceId)).emit('message:feedback', feedback);
  }

  /**
   * What each dashboard socket of the workspace said about its presence: this replica's, and with
   * `clustered` every other replica's answer (those that answered within the adapter's timeout).
   */
  async agentPresence(workspaceId: string, clustered: boolean): Promise<PresenceEntry[]> {
    const local = await this.localPresence(workspaceId);
    if (!clustered || this.agents === undefined) {
      return local;
    }
    try {
      const remote: PresenceEntry[][] = await this.agents.serverSideEmitWithAck('presence:local', workspaceId);
      return [...local, ...remote.flat()];
    } catch (error) {
      return [...local, ...((error as { responses?: PresenceEntry[][] }).responses ?? []).flat()];
    }
  }

  private async localPresence(workspaceId: string): Promise<PresenceEntry[]> {
    // Local sockets only: a remote fetchSockets would serialize socket.data (a promise, a timer).
    const sockets = (await this.agents?.local.in(agentsRoom(workspaceId)).fetchSockets()) ?? [];
    return sockets.flatMap((socket) => {
      const presence = (socket.data as { presence?: PresenceEntry }).presence;
      return presence === undefined ? [] : [{ userId: presence.userId, status: presence.status }];
    });
  }

  presenceChanged(workspaceId: string, agents: AgentPresenceDto[]): void {
    this.agents?.to(agentsRoom(workspaceId)).emit('presence:changed', agents);
  }

  /** A private note: to the workspace's agents only, never to a visitor room. */
  noteCreated(workspaceId: string, note: NoteDto): void {
    this.agents?.to(agentsRoom(workspaceId)).emit('note:new', note);
  }

  /** A guardrail decision: the workspace's agents only, never the visitor. */
  guardrailDecision(workspaceId: string, event: GuardrailDecisionEvent): void {
    this.agents?.to(agentsRoom(workspaceId)).emit('guardrail:decision', event);
  }

  /** Ends a user's dashboard sockets on every replica, telling them why (deactivated, password changed). */
  disconnectAgent(workspaceId: string, userId: string, reason: string): void {
    const room = this.agents?.in(agentUserRoom(workspaceId, userId));
    room?.emit('error', { code: 'UNAUTHORIZED', message: reason });
    room?.disconnectSockets(true);
  }

  replyStarted(audience: ConversationAudience, event: BotReplyStartEvent): void {
    this.visitors?.to(visitorRoom(audience.workspaceId, audience.visitorId)).emit('bot:reply:start', event);
    this.agents?.to(agentsRoom(audience.workspaceId)).emit('bot:reply:start', event);
  }

  replyDelta(audience: ConversationAudience, event: BotReplyDeltaEvent): void {
    this.visitors?.to(visitorRoom(audience.workspaceId, audience.visitorId)).emit('bot:reply:delta', event);
    this.agents?.to(agentsRoom(audience.workspaceId)).emit('bot:reply:delta', event);
  }

  replyEnded(audience: ConversationAudience, event: BotReplyEndEvent): void {
    this.visitors?.to(visitorRoom(audience.workspaceId, audience.visitorId)).emit('bot:reply:end', event);
    this.agents?.to(agentsRoom(audience.workspaceId)).emit('bot:reply:end', event);
  }
}
