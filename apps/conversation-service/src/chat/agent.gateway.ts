import { Inject } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import {
  type Ack,
  type AgentClientToServerEvents,
  type AgentPresenceDto,
  type AgentPresenceStatus,
  type AgentServerToClientEvents,
  type ConversationDto,
  type MessageDto,
  REALTIME_NAMESPACES,
  type RealtimeInterServerEvents,
  type ResumeResult,
  agentHandshakeAuthSchema,
  conversationRefPayloadSchema,
  presencePayloadSchema,
  resumeConversationPayloadSchema,
  sendMessagePayloadSchema,
  typingPayloadSchema,
} from '@neodesk/contracts';
import type { Socket } from 'socket.io';
import { type AgentIdentity, AuthService } from '../auth/auth.service';
import { PresenceService } from '../presence/presence.service';
import { GatewayError, GatewayErrorCode } from '../realtime/gateway.error';
import { type AgentNamespace, RealtimeEmitter } from '../realtime/realtime-emitter';
import { agentUserRoom, agentsRoom } from '../realtime/realtime-rooms';
import {
  type ClientEventList,
  answerEveryEvent,
  notify,
  parsePayload,
  refuse,
  respond,
} from '../realtime/socket-errors';
import { AgentChatService } from './agent-chat.service';

interface AgentSocketData {
  /** Pending until the handshake is checked, so events sent right after connecting wait for it. */
  agent: Promise<AgentIdentity>;
  /** Ends the socket when its access token runs out. */
  expiry: NodeJS.Timeout | undefined;
  /** Set once accepted; plain data, so other replicas read it through fetchSockets (PresenceService). */
  presence?: { workspaceId: string; userId: string; status: AgentPresenceStatus };
}
type AgentSocket = Socket<
  AgentClientToServerEvents,
  AgentServerToClientEvents,
  RealtimeInterServerEvents,
  AgentSocketData
>;

const AGENT_EVENTS: ClientEventList<AgentClientToServerEvents> = {
  acknowledged: [
    'message:send',
    'conversation:takeover',
    'conversation:resolve',
    'conversation:handback',
    'conversation:resume',
    'presence:set',
  ],
  unacknowledged: ['typing'],
};

/** The dashboard's namespace: agents see every conversation of their own workspace live, and act on them. */
@WebSocketGateway({ namespace: REALTIME_NAMESPACES.agent })
export class AgentGateway
  implements OnGatewayInit<AgentNamespace>, OnGatewayConnection<AgentSocket>, OnGatewayDisconnect<AgentSocket>
{
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(AgentChatService) private readonly chat: AgentChatService,
    @Inject(RealtimeEmitter) private readonly emitter: RealtimeEmitter,
    @Inject(PresenceService) private readonly presence: PresenceService,
  ) {}

  afterInit(namespace: AgentNamespace): void {
    this.emitter.attachAgents(namespace);
  }

  async handleConnection(socket: AgentSocket): Promise<void> {
    answerEveryEvent(socket, AGENT_EVENTS);
    const session = this.authenticate(socket);
    socket.data.agent = session.then(({ workspaceId, userId }) => ({ workspaceId, userId }));
    // A refused handshake is answered below; events that await the identity see the refusal too.
    socket.data.agent.catch(() => undefined);
    try {
      const { workspaceId, userId, expiresAtMs } = await session;
      await socket.join([agentsRoom(workspaceId), agentUserRoom(workspaceId, userId)]);
      // The socket lives no longer than its token: the dashboard reconnects with a refreshed one.
      socket.data.expiry = setTimeout(
        () => refuse(socket, new GatewayError(GatewayErrorCode.Unauthorized, 'The access token expired')),
        Math.max(expiresAtMs - Date.now(), 0),
      );
      socket.emit('session:ready', { workspaceId, userId });
      socket.data.presence = { workspaceId, userId, status: 'online' };
      this.presence.publishInBackground(workspaceId);
    } catch (error) {
      refuse(socket, error);
    }
  }

  handleDisconnect(socket: AgentSocket): void {
    clearTimeout(socket.data.expiry);
    // The socket has left its rooms: the others learn it is gone.
    if (socket.data.presence !== undefined) {
      this.presence.publishInBackground(socket.data.presence.workspaceId);
    }
  }

  @SubscribeMessage('message:send')
  sendMessage(@ConnectedSocket() socket: AgentSocket, @MessageBody() body: unknown): Promise<Ack<MessageDto>> {
    return respond(socket, async () =>
      this.chat.sendMessage(await socket.data.agent, parsePayload(sendMessagePayloadSchema, body)),
    );
  }

  @SubscribeMessage('conversation:takeover')
  takeOver(@ConnectedSocket() socket: AgentSocket, @MessageBody() body: unknown): Promise<Ack<ConversationDto>> {
    return respond(socket, async () =>
      this.chat.takeOver(await socket.data.agent, parsePayload(conversationRefPayloadSchema, body)),
    );
  }

  @SubscribeMessage('conversation:resolve')
  resolve(@ConnectedSocket() socket: AgentSocket, @MessageBody() body: unknown): Promise<Ack<ConversationDto>> {
    return respond(socket, async () =>
      this.chat.resolve(await socket.data.agent, parsePayload(conversationRefPayloadSchema, body)),
    );
  }

  @SubscribeMessage('conversation:handback')
  handBack(@ConnectedSocket() socket: AgentSocket, @MessageBody() body: unknown): Promise<Ack<ConversationDto>> {
    return respond(socket, async () =>
      this.chat.handBack(await socket.data.agent, parsePayload(conversationRefPayloadSchema, body)),
    );
  }

  @SubscribeMessage('conversation:resume')
  resume(@ConnectedSocket() socket: AgentSocket, @MessageBody() body: unknown): Promise<Ack<ResumeResult>> {
    return respond(socket, async () =>
      this.chat.resume(await socket.data.agent, parsePayload(resumeConversationPayloadSchema, body)),
    );
  }

  @SubscribeMessage('presence:set')
  setPresence(@ConnectedSocket() socket: AgentSocket, @MessageBody() body: unknown): Promise<Ack<AgentPresenceDto[]>> {
    return respond(socket, async () => {
      const { workspaceId, userId } = await socket.data.agent;
      const { status } = parsePayload(presencePayloadSchema, body);
      socket.data.presence = { workspaceId, userId, status };
      return this.presence.publish(workspaceId);
    });
  }

  @SubscribeMessage('typing')
  typing(@ConnectedSocket() socket: AgentSocket, @MessageBody() body: unknown): Promise<void> {
    return notify(socket, async () =>
      this.chat.typing(await socket.data.agent, parsePayload(typingPayloadSchema, body)),
    );
  }

  private authenticate(socket: AgentSocket): Promise<AgentIdentity & { expiresAtMs: number }> {
    const auth = agentHandshakeAuthSchema.safeParse(socket.handshake.auth);
    if (!auth.success) {
      return Promise.reject(new GatewayError(GatewayErrorCode.Unauthorized, 'auth.token is required'));
    }
    return this.auth.authenticateAgentSocket(auth.data.token);
  }
}
