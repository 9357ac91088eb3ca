import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ConfigError } from '@neodesk/config';
import {
  type Ack,
  REALTIME_NAMESPACES,
  type WorkerClientToServerEvents,
  type WorkerHeartbeat,
  type WorkerServerToClientEvents,
} from '@neodesk/contracts';
import { hostname } from 'node:os';
import { type Socket, io } from 'socket.io-client';
import type { WorkerConfig } from '../config/worker-config';
import { EngineHostService } from '../engine/engine-host.service';
import { WORKER_CONFIG } from '../worker.tokens';
import { JobRunner } from './job-runner';

type ServiceSocket = Socket<WorkerServerToClientEvents, WorkerClientToServerEvents>;

const HEARTBEAT_MS = 5_000;
const REGISTER_TIMEOUT_MS = 10_000;
/** How long a stopping worker lets running replies finish. */
const DRAIN_MS = 10_000;

/**
 * The worker's link to the conversation service: joins `/worker` with the worker token, registers the
 * model and its capacity, heartbeats its load, and runs the jobs it is given. Reconnects on its own;
 * jobs of a dropped connection are cancelled here, since the service gives them to another worker.
 */
@Injectable()
export class GatewayClientService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(GatewayClientService.name);
  private socket: ServiceSocket | undefined;
  private runner: JobRunner | undefined;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(EngineHostService) private readonly host: EngineHostService,
  ) {}

  onApplicationBootstrap(): void {
    const token = this.config.workerToken;
    if (token === undefined) {
      throw new ConfigError([{ variable: 'WORKER_TOKEN', problem: 'is required to join the service gateway' }]);
    }
    const engine = this.host.engine;
    const description = engine.description;
    const output = {
      delta: (event: Parameters<WorkerClientToServerEvents['job:delta']>[0]) => this.socket?.emit('job:delta', event),
      done: (event: Parameters<WorkerClientToServerEvents['job:done']>[0]) => this.socket?.emit('job:done', event),
      failed: (event: Parameters<WorkerClientToServerEvents['job:failed']>[0]) =>
        this.socket?.emit('job:failed', event),
    };
    const runner = new JobRunner(engine, output, {
      maxBatchSize: description.maxBatchSize,
      maxQueued: this.config.maxQueued,
    });
    this.runner = runner;
    const socket: ServiceSocket = io(`${this.config.serviceUrl}${REALTIME_NAMESPACES.worker}`, {
      transports: ['websocket'],
      auth: { token },
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
    });
    this.socket = socket;
    socket.on('connect', () => {
      socket
        .timeout(REGISTER_TIMEOUT_MS)
        .emitWithAck('worker:register', {
          host: hostname(),
          pid: process.pid,
          modelId: description.modelId,
          modelVersion: description.modelVersion,
          provider: description.provider,
          // "fused int8": the live operations page shows quantized workers as such.
          decoder:
            description.weightDtype === 'fp32'
              ? description.decoder
              : `${description.decoder} ${description.weightDtype}`,
          maxBatchSize: description.maxBatchSize,
          maxQueued: this.config.maxQueued,
          maxSequenceLength: description.maxSequenceLength,
          knowledgePassages: description.knowledgePassages,
        })
        .then(
          (answer: Ack<{ workerId: string }>) => {
            if (answer.ok) {
              this.logger.log(`Joined ${this.config.serviceUrl} as worker ${answer.data.workerId}`);
            } else {
              this.logger.error(`The service refused the registration: ${answer.error.message}`);
            }
          },
          (error: unknown) => this.logger.warn(`No answer to the registration: ${String(error)}`),
        );
    });
    socket.on('disconnect', (reason) => {
      if (runner.active > 0) {
        this.logger.warn(`Lost the service (${reason}); cancelling ${runner.active} jobs it will place elsewhere`);
      }
      runner.cancelAll();
    });
    socket.on('connect_error', (error) => this.logger.warn(`Cannot reach the service gateway: ${error.message}`));
    socket.on('error', (error) => this.logger.error(`The service says: ${error.code}: ${error.message}`));
    socket.on('job:assign', (job, ack) => {
      const answer = runner.assign(job);
      if (typeof ack === 'function') {
        ack(answer);
      }
    });
    socket.on('job:cancel', (event) => {
      if (typeof event?.jobId === 'string') {
        runner.cancel(event.jobId);
      }
    });
    this.heartbeat = setInterval(() => {
      if (socket.connected) {
        socket.emit('worker:heartbeat', this.load());
      }
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Before the engine closes: take no new jobs, let running replies finish and reach the service, then leave. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.heartbeat !== undefined) {
      clearInterval(this.heartbeat);
    }
    if (this.runner !== undefined && !(await this.runner.drain(DRAIN_MS))) {
      this.logger.warn(`Replies still running after ${DRAIN_MS} ms; the service gives them to another worker`);
      this.runner.cancelAll();
    }
    this.socket?.disconnect();
  }

  private load(): WorkerHeartbeat {
    const metrics = this.host.engine.metrics();
    return {
      running: metrics.running,
      waiting: metrics.waiting,
      tokensGenerated: metrics.tokensGenerated,
      timeToFirstTokenP50Ms: metrics.timeToFirstTokenMs.p50,
      interTokenP50Ms: metrics.interTokenMs.p50,
      meanBatchSize: metrics.steps === 0 ? null : metrics.batchSize.mean,
    };
  }
}
