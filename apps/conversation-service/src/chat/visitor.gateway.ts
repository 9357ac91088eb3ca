import { Inject } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import {
  type Ack,
  type ConversationDto,
  type MessageDto,
  type MessageFeedbackDto,
  type ResumeResult,
  type SatisfactionDto,
  type VisitorIdentityDto,
  REALTIME_NAMESPACES,
  type RealtimeInterServerEvents,
  type VisitorClientToServerEvents,
  type VisitorServerToClientEvents,
  resumeConversationPayloadSchema,
  sendMessagePayloadSchema,
  conversationRefPayloadSchema,
  messageFeedbackPayloadSchema,
  satisfactionPayloadSchema,
  typingPayloadSchema,
  visitorIdentitySchema,
  visitorHandshakeAuthSchema,
} from '@neodesk/contracts';
import type { Socket } from 'socket.io';
import { type VisitorIdentity, WidgetSessionsService } from '../widget/widget-sessions.service';
import { GatewayError, GatewayErrorCode } from '../realtime/gateway.error';
import { RealtimeEmitter, type VisitorNamespace } from '../realtime/realtime-emitter';
import { visitorRoom } from '../realtime/realtime-rooms';
import {
  type ClientEventList,
  answerEveryEvent,
  notify,
  parsePayload,
  refuse,
  respond,
} from '../realtime/socket-errors';
import { VisitorChatService } from './visitor-chat.service';

interface VisitorSocketData {
  /** Pending until the handshake is checked, so events sent right after connecting wait for it. */
  visitor: Promise<VisitorIdentity>;
}
type VisitorSocket = Socket<
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
  RealtimeInterServerEvents,
  VisitorSocketData
>;

const VISITOR_EVENTS: ClientEventList<VisitorClientToServerEvents> = {
  acknowledged: [
    'message:send',
    'conversation:resume',
    'handoff:request',
    'message:feedback',
    'conversation:satisfaction',
    'visitor:identify',
  ],
  unacknowledged: ['typing'],
};

/** The web chat widget's namespace: anonymous visitors, authenticated by widget key, origin and token. */
@WebSocketGateway({ namespace: REALTIME_NAMESPACES.visitor })
export class VisitorGateway implements OnGatewayInit<VisitorNamespace>, OnGatewayConnection<VisitorSocket> {
  constructor(
    @Inject(WidgetSessionsService) private readonly sessions: WidgetSessionsService,
    @Inject(VisitorChatService) private readonly chat: VisitorChatService,
    @Inject(RealtimeEmitter) private readonly emitter: RealtimeEmitter,
  ) {}

  afterInit(namespace: VisitorNamespace): void {
    this.emitter.attachVisitors(namespace);
  }

  async handleConnection(socket: VisitorSocket): Promise<void> {
    answerEveryEvent(socket, VISITOR_EVENTS);
    socket.data.visitor = this.authenticate(socket);
    try {
      const visitor = await socket.data.visitor;
      await socket.join(visitorRoom(visitor.workspaceId, visitor.visitorId));
      socket.emit('session:ready', visitor);
    } catch (error) {
      refuse(socket, error);
    }
  }

  @SubscribeMessage('message:send')
  sendMessage(@ConnectedSocket() socket: VisitorSocket, @MessageBody() body: unknown): Promise<Ack<MessageDto>> {
    return respond(socket, async () =>
      this.chat.sendMessage(await socket.data.visitor, parsePayload(sendMessagePayloadSchema, body), socket.id),
    );
  }

  @SubscribeMessage('conversation:resume')
  resume(@ConnectedSocket() socket: VisitorSocket, @MessageBody() body: unknown): Promise<Ack<ResumeResult>> {
    return respond(socket, async () =>
      this.chat.resume(await socket.data.visitor, parsePayload(resumeConversationPayloadSchema, body)),
    );
  }

  @SubscribeMessage('handoff:request')
  requestHandoff(
    @ConnectedSocket() socket: VisitorSocket,
    @MessageBody() body: unknown,
  ): Promise<Ack<ConversationDto>> {
    return respond(socket, async () =>
      this.chat.requestHandoff(await socket.data.visitor, parsePayload(conversationRefPayloadSchema, body)),
    );
  }

  @SubscribeMessage('message:feedback')
  rateMessage(
    @ConnectedSocket() socket: VisitorSocket,
    @MessageBody() body: unknown,
  ): Promise<Ack<MessageFeedbackDto>> {
    return respond(socket, async () =>
      this.chat.rateMessage(await socket.data.visitor, parsePayload(messageFeedbackPayloadSchema, body)),
    );
  }

  @SubscribeMessage('conversation:satisfaction')
  rateConversation(
    @ConnectedSocket() socket: VisitorSocket,
    @MessageBody() body: unknown,
  ): Promise<Ack<SatisfactionDto>> {
    return respond(socket, async () =>
      this.chat.rateConversation(await socket.data.visitor, parsePayload(satisfactionPayloadSchema, body)),
    );
  }

  @SubscribeMessage('visitor:identify')
  identify(@ConnectedSocket() socket: VisitorSocket, @MessageBody() body: unknown): Promise<Ack<VisitorIdentityDto>> {
    return respond(socket, async () =>
      this.chat.identify(await socket.data.visitor, parsePayload(visitorIdentitySchema, body)),
    );
  }

  @SubscribeMessage('typing')
  typing(@ConnectedSocket() socket: VisitorSocket, @MessageBody() body: unknown): Promise<void> {
    return notify(socket, async () =>
      this.chat.typing(await socket.data.visitor, parsePayload(typingPayloadSchema, body)),
    );
  }

  private async authenticate(socket: VisitorSocket): Promise<VisitorIdentity> {
    const auth = visitorHandshakeAuthSchema.safeParse(socket.handshake.auth);
    if (!auth.success) {
      throw new GatewayError(GatewayErrorCode.Unauthorized, 'auth.widgetKey and auth.visitorToken are required');
    }
    const { origin, host } = socket.handshake.headers;
    return this.sessions.authenticate(auth.data.widgetKey, auth.data.visitorToken, { origin, host });
  }
}
