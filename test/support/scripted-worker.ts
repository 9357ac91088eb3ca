import {
  type GenerationJob,
  type JobAssignAnswer,
  REALTIME_NAMESPACES,
  type WorkerClientToServerEvents,
  type WorkerServerToClientEvents,
} from '@neodesk/contracts';
import { type Socket, io } from 'socket.io-client';

type WorkerSocket = Socket<WorkerServerToClientEvents, WorkerClientToServerEvents>;

/**
 * A socket.io client speaking the worker protocol under the test's control: it accepts jobs and lets the
 * test decide each delta, so reconnects and failures can land at an exact point of a reply.
 */
export class ScriptedWorker {
  readonly socket: WorkerSocket;
  readonly jobs: GenerationJob[] = [];
  readonly cancelled: string[] = [];
  private readonly jobWaiters: Array<(job: GenerationJob) => void> = [];
  /** The answer to each `job:assign`; null leaves the service waiting for one. */
  answer: (job: GenerationJob) => JobAssignAnswer | null = () => ({ accepted: true });

  constructor(baseUrl: string, token: string) {
    this.socket = io(`${baseUrl}${REALTIME_NAMESPACES.worker}`, {
      transports: ['websocket'],
      auth: { token },
      reconnection: false,
      forceNew: true,
    });
    this.socket.on('job:assign', (job, ack) => {
      this.jobs.push(job);
      const answer = this.answer(job);
      if (answer !== null) {
        ack(answer);
      }
      this.jobWaiters.shift()?.(job);
    });
    this.socket.on('job:cancel', ({ jobId }) => this.cancelled.push(jobId));
  }

  /**
   * `knowledgePassages`: whether the scripted model takes knowledge passages (a real one says so in its config);
   * null leaves the field out, as a worker from before passages does.
   */
  async register(
    name = 'scripted',
    maxBatchSize = 4,
    { knowledgePassages = true }: { knowledgePassages?: boolean | null } = {},
  ): Promise<string> {
    const ack = await this.socket.emitWithAck('worker:register', {
      host: name,
      pid: 0,
      modelId: 'scripted-model',
      modelVersion: 'v1',
      provider: 'none',
      decoder: 'none',
      maxBatchSize,
      maxQueued: 0,
      maxSequenceLength: 512,
      ...(knowledgePassages === null ? {} : { knowledgePassages }),
    });
    if (!ack.ok) {
      throw new Error(ack.error.message);
    }
    return ack.data.workerId;
  }

  nextJob(): Promise<GenerationJob> {
    return new Promise((resolve) => this.jobWaiters.push(resolve));
  }

  /** `logprobs`: the tokens' log-probabilities, as a worker that reports confidence sends them. */
  delta(job: GenerationJob, index: number, text: string, logprobs?: number[]): void {
    this.socket.emit('job:delta', { jobId: job.jobId, attempt: job.attempt, index, text, logprobs });
  }

  /** `confidence`: the reply's mean and least token probability (absent: an older worker's done). */
  done(job: GenerationJob, text: string, confidence?: { mean: number; min: number }): void {
    this.socket.emit('job:done', {
      jobId: job.jobId,
      attempt: job.attempt,
      text,
      stats: {
        promptTokens: 10,
        completionTokens: 5,
        queueMs: 0,
        timeToFirstTokenMs: 1,
        totalMs: 5,
        finishReason: 'eos',
        ...(confidence === undefined
          ? {}
          : { meanTokenProbability: confidence.mean, minTokenProbability: confidence.min }),
      },
    });
  }

  close(): void {
    this.socket.disconnect();
  }
}
