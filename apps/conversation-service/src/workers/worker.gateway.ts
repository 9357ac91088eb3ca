import { randomUUID } from 'node:crypto';
import { Inject, Logger } from '@nestjs/common';
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
  REALTIME_NAMESPACES,
  type WorkerClientToServerEvents,
  jobDeltaSchema,
  jobDoneSchema,
  jobFailedSchema,
  workerHandshakeAuthSchema,
  workerHeartbeatSchema,
  workerRegistrationSchema,
} from '@neodesk/contracts';
import {
  type ClientEventList,
  answerEveryEvent,
  notify,
  parsePayload,
  refuse,
  respond,
} from '../realtime/socket-errors';
import { WorkerError, WorkerErrorCode } from './worker.error';
import { WorkerRegistry, type WorkerNamespace, type WorkerSocket } from './worker-registry';
import { WorkerTokenVerifier } from './worker-token';

const WORKER_EVENTS: ClientEventList<WorkerClientToServerEvents> = {
  acknowledged: ['worker:register'],
  unacknowledged: ['worker:heartbeat', 'job:delta', 'job:done', 'job:failed'],
};

/** Inference workers join here with the shared worker token, register their model, and stream job output. */
@WebSocketGateway({ namespace: REALTIME_NAMESPACES.worker })
export class WorkerGateway
  implements OnGatewayInit<WorkerNamespace>, OnGatewayConnection<WorkerSocket>, OnGatewayDisconnect<WorkerSocket>
{
  private readonly logger = new Logger(WorkerGateway.name);

  constructor(
    @Inject(WorkerRegistry) private readonly registry: WorkerRegistry,
    @Inject(WorkerTokenVerifier) private readonly tokens: WorkerTokenVerifier,
  ) {}

  afterInit(namespace: WorkerNamespace): void {
    this.registry.attach(namespace);
    if (!this.tokens.configured) {
      this.logger.warn('WORKER_TOKEN is not set: no inference worker can join, and bot replies fall back to agents');
    }
  }

  handleConnection(socket: WorkerSocket): void {
    answerEveryEvent(socket, WORKER_EVENTS);
    const auth = workerHandshakeAuthSchema.safeParse(socket.handshake.auth);
    if (!auth.success || !this.tokens.matches(auth.data.token)) {
      refuse(socket, new WorkerError(WorkerErrorCode.Unauthorized, 'auth.token is not a valid worker token'));
      return;
    }
    const now = Date.now();
    socket.data = {
      workerId: randomUUID(),
      connectedAt: now,
      lastSeenAt: now,
      registration: undefined,
      heartbeat: undefined,
      assigned: 0,
      busyUntil: 0,
    };
  }

  handleDisconnect(socket: WorkerSocket): void {
    if (socket.data.registration !== undefined) {
      this.logger.warn(`Worker ${socket.data.workerId} left`);
      this.registry.lost(socket.id);
    }
  }

  @SubscribeMessage('worker:register')
  register(@ConnectedSocket() socket: WorkerSocket, @MessageBody() body: unknown): Promise<Ack<{ workerId: string }>> {
    return respond(socket, () => {
      socket.data.registration = parsePayload(workerRegistrationSchema, body);
      socket.data.lastSeenAt = Date.now();
      this.registry.registered(socket);
      return Promise.resolve({ workerId: socket.data.workerId });
    });
  }

  @SubscribeMessage('worker:heartbeat')
  heartbeat(@ConnectedSocket() socket: WorkerSocket, @MessageBody() body: unknown): Promise<void> {
    return notify(socket, () => {
      socket.data.heartbeat = parsePayload(workerHeartbeatSchema, body);
      socket.data.lastSeenAt = Date.now();
      return Promise.resolve();
    });
  }

  @SubscribeMessage('job:delta')
  delta(@ConnectedSocket() socket: WorkerSocket, @MessageBody() body: unknown): Promise<void> {
    return notify(socket, () => {
      const socketId = registeredId(socket);
      const event = parsePayload(jobDeltaSchema, body);
      this.registry.listenerFor(event.jobId).jobDelta(socketId, event);
      return Promise.resolve();
    });
  }

  @SubscribeMessage('job:done')
  done(@ConnectedSocket() socket: WorkerSocket, @MessageBody() body: unknown): Promise<void> {
    return notify(socket, () => {
      const socketId = registeredId(socket);
      const event = parsePayload(jobDoneSchema, body);
      this.registry.listenerFor(event.jobId).jobDone(socketId, event);
      return Promise.resolve();
    });
  }

  @SubscribeMessage('job:failed')
  failed(@ConnectedSocket() socket: WorkerSocket, @MessageBody() body: unknown): Promise<void> {
    return notify(socket, () => {
      const socketId = registeredId(socket);
      const event = parsePayload(jobFailedSchema, body);
      this.registry.listenerFor(event.jobId).jobFailed(socketId, event);
      return Promise.resolve();
    });
  }
}

function registeredId(socket: WorkerSocket): string {
  if (socket.data.registration === undefined) {
    throw new WorkerError(WorkerErrorCode.NotRegistered, 'Send worker:register before any job event');
  }
  socket.data.lastSeenAt = Date.now();
  return socket.id;
}
