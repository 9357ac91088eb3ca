import { Inject } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import {
  type AgentClientToServerEvents,
  type AgentServerToClientEvents,
  REALTIME_NAMESPACES,
  type RealtimeInterServerEvents,
  agentHandshakeAuthSchema,
} from '@neodesk/contracts';
import type { Socket } from 'socket.io';
import { type AgentIdentity, AuthService } from '../auth/auth.service';
import { GatewayError, GatewayErrorCode } from './gateway.error';
import { type AgentNamespace, RealtimeEmitter } from './realtime-emitter';
import { agentsRoom } from './realtime-rooms';
import { answerUnknownEvents, refuse } from './socket-errors';

interface AgentSocketData {
  agent: AgentIdentity;
}
type AgentSocket = Socket<
  AgentClientToServerEvents,
  AgentServerToClientEvents,
  RealtimeInterServerEvents,
  AgentSocketData
>;

/** The dashboard's namespace: agents see every conversation of their own workspace, live. */
@WebSocketGateway({ namespace: REALTIME_NAMESPACES.agent })
export class AgentGateway implements OnGatewayInit<AgentNamespace>, OnGatewayConnection<AgentSocket> {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(RealtimeEmitter) private readonly emitter: RealtimeEmitter,
  ) {}

  afterInit(namespace: AgentNamespace): void {
    this.emitter.attachAgents(namespace);
  }

  async handleConnection(socket: AgentSocket): Promise<void> {
    answerUnknownEvents(socket, []);
    try {
      const auth = agentHandshakeAuthSchema.safeParse(socket.handshake.auth);
      if (!auth.success) {
        throw new GatewayError(GatewayErrorCode.Unauthorized, 'auth.token is required');
      }
      socket.data.agent = this.auth.verifyAgentToken(auth.data.token);
      await socket.join(agentsRoom(socket.data.agent.workspaceId));
      socket.emit('session:ready', socket.data.agent);
    } catch (error) {
      refuse(socket, error);
    }
  }
}
