import { Injectable, Logger } from '@nestjs/common';
import type {
  GenerationJob,
  JobAssignAnswer,
  JobDeltaEvent,
  JobDoneEvent,
  JobFailedEvent,
  RealtimeInterServerEvents,
  WorkerClientToServerEvents,
  WorkerHeartbeat,
  WorkerRegistration,
  WorkerServerToClientEvents,
} from '@neodesk/contracts';
import type { Namespace, Socket } from 'socket.io';

/** What the gateway keeps on a worker socket; visible to every replica through fetchSockets(). */
export interface WorkerSocketData {
  workerId: string;
  connectedAt: number;
  registration: WorkerRegistration | undefined;
  heartbeat: WorkerHeartbeat | undefined;
  lastSeenAt: number;
  /** Jobs this replica assigned and that have not ended: the load figure, exact without waiting for a heartbeat. */
  assigned: number;
  /** Set when the worker said "busy": it is skipped until then. */
  busyUntil: number;
}

export type WorkerSocket = Socket<
  WorkerClientToServerEvents,
  WorkerServerToClientEvents,
  RealtimeInterServerEvents,
  WorkerSocketData
>;
export type WorkerNamespace = Namespace<
  WorkerClientToServerEvents,
  WorkerServerToClientEvents,
  RealtimeInterServerEvents,
  WorkerSocketData
>;

/** A registered worker as a replica sees it (its own or another replica's). */
export interface WorkerView {
  socketId: string;
  workerId: string;
  registration: WorkerRegistration;
  heartbeat: WorkerHeartbeat | undefined;
  assigned: number;
  connectedAt: number;
  lastSeenAt: number;
  busyUntil: number;
  /** Connected to this replica (jobs go to it directly) or to another one (jobs travel over Redis). */
  local: boolean;
}

/** Whoever runs jobs on workers (the bot replies) hears about them through this. */
export interface WorkerJobListener {
  jobDelta(workerSocketId: string, event: JobDeltaEvent): void;
  jobDone(workerSocketId: string, event: JobDoneEvent): void;
  jobFailed(workerSocketId: string, event: JobFailedEvent): void;
  workerLost(workerSocketId: string): void;
  /** A worker registered or reported free room: waiting replies may try again. */
  workerAvailable(): void;
}

/** How long a worker that answered "busy" is skipped when none of its jobs end sooner. */
const BUSY_BACKOFF_MS = 1_000;

/**
 * The inference workers connected to the gateway, here and (through the Redis adapter) on other replicas:
 * picks the least-loaded one for a job and talks to the local ones. Knows nothing about conversations.
 */
@Injectable()
export class WorkerRegistry {
  private readonly logger = new Logger(WorkerRegistry.name);
  private namespace: WorkerNamespace | undefined;
  private listener: WorkerJobListener | undefined;
  /** Jobs that are not conversation replies (previews): their events go to their owner, never to the replies. */
  private readonly owners = new Map<string, WorkerJobListener>();

  attach(namespace: WorkerNamespace): void {
    this.namespace = namespace;
  }

  setJobListener(listener: WorkerJobListener): void {
    this.listener = listener;
  }

  get jobs(): WorkerJobListener {
    if (this.listener === undefined) {
      throw new Error('No job listener is set on the worker registry');
    }
    return this.listener;
  }

  /** Sends the events of job `jobId` to `owner` instead of the job listener, until `disown`. */
  own(jobId: string, owner: WorkerJobListener): void {
    this.owners.set(jobId, owner);
  }

  disown(jobId: string): void {
    this.owners.delete(jobId);
  }

  /** Who hears about a job's delta, end or failure: its owner, else the job listener (the bot replies). */
  listenerFor(jobId: string): WorkerJobListener {
    return this.owners.get(jobId) ?? this.jobs;
  }

  /** A worker of this replica left: everyone running jobs hears it. */
  lost(socketId: string): void {
    for (const owner of new Set(this.owners.values())) {
      owner.workerLost(socketId);
    }
    this.jobs.workerLost(socketId);
  }

  /** The namespace, for inter-replica events; undefined before the gateway started. */
  get workerNamespace(): WorkerNamespace | undefined {
    return this.namespace;
  }

  /** Every registered worker of the cluster. */
  async list(): Promise<WorkerView[]> {
    if (this.namespace === undefined) {
      return [];
    }
    const sockets = await this.namespace.fetchSockets();
    const local = this.namespace.sockets;
    return sockets.flatMap((socket) => {
      const data = socket.data as Partial<WorkerSocketData>;
      if (data.registration === undefined || data.workerId === undefined) {
        return [];
      }
      return [
        {
          socketId: socket.id,
          workerId: data.workerId,
          registration: data.registration,
          heartbeat: data.heartbeat,
          assigned: data.assigned ?? 0,
          connectedAt: data.connectedAt ?? 0,
          lastSeenAt: data.lastSeenAt ?? 0,
          local: local.has(socket.id),
          busyUntil: data.busyUntil ?? 0,
        },
      ];
    });
  }

  /**
   * The worker with the most free room, skipping `exclude` and workers that are full or said busy.
   * Load is what this cluster assigned plus what the worker last reported waiting, over its batch size.
   */
  async pick(exclude: ReadonlySet<string>, { localOnly = false } = {}): Promise<WorkerView | null> {
    const now = Date.now();
    const candidates = (await this.list()).filter((worker) => {
      const capacity = worker.registration.maxBatchSize + worker.registration.maxQueued;
      return (
        (worker.local || !localOnly) &&
        !exclude.has(worker.socketId) &&
        worker.busyUntil <= now &&
        worker.assigned < capacity
      );
    });
    if (candidates.length === 0) {
      return null;
    }
    const load = (worker: WorkerView): number => worker.assigned / worker.registration.maxBatchSize;
    return candidates.reduce((best, worker) => (load(worker) < load(best) ? worker : best));
  }

  /** Whether a worker of this replica said its model uses knowledge passages. */
  usesKnowledgePassages(socketId: string): boolean {
    return this.local(socketId)?.data.registration?.knowledgePassages === true;
  }

  local(socketId: string): WorkerSocket | undefined {
    const socket = this.namespace?.sockets.get(socketId);
    return socket?.data.registration === undefined ? undefined : socket;
  }

  /** Offers a job to a worker of this replica; `gone` when it disconnected, `timeout` when it did not answer. */
  async assign(socketId: string, job: GenerationJob, timeoutMs: number): Promise<JobAssignAnswer | 'gone' | 'timeout'> {
    const socket = this.local(socketId);
    if (socket === undefined || !socket.connected) {
      return 'gone';
    }
    socket.data.assigned += 1;
    try {
      const answer = await socket.timeout(timeoutMs).emitWithAck('job:assign', job);
      if (!answer.accepted) {
        this.release(socketId);
        if (answer.code === 'busy') {
          socket.data.busyUntil = Date.now() + BUSY_BACKOFF_MS;
        }
      }
      return answer;
    } catch {
      this.release(socketId);
      return socket.connected ? 'timeout' : 'gone';
    }
  }

  /** A job of this worker ended (done, failed or cancelled): it has room again. */
  release(socketId: string): void {
    const socket = this.namespace?.sockets.get(socketId);
    if (socket !== undefined && socket.data.assigned > 0) {
      socket.data.assigned -= 1;
      socket.data.busyUntil = 0;
      this.listener?.workerAvailable();
    }
  }

  cancel(socketId: string, jobId: string): void {
    const socket = this.namespace?.sockets.get(socketId);
    if (socket !== undefined) {
      socket.emit('job:cancel', { jobId });
      this.release(socketId);
    }
  }

  registered(socket: WorkerSocket): void {
    this.logger.log(
      `Worker ${socket.data.workerId} joined: model ${socket.data.registration?.modelId} ` +
        `(${socket.data.registration?.modelVersion}) on ${socket.data.registration?.provider}, ` +
        `batch ${socket.data.registration?.maxBatchSize}`,
    );
    this.listener?.workerAvailable();
  }
}
