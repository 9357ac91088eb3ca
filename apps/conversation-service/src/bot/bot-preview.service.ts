import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type {
  BotPreviewDto,
  BotPreviewRequest,
  GenerationJob,
  JobDeltaEvent,
  JobDoneEvent,
  JobFailedEvent,
} from '@neodesk/contracts';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { type WorkerJobListener, WorkerRegistry } from '../workers/worker-registry';
import { BotPreviewError, BotPreviewErrorCode } from './bot-preview.error';
import { type PromptSettings, asksForHuman, buildPreviewJob } from './bot-prompt';
import { BotSettingsService } from './bot-settings.service';
import { ReplyGrounding } from './reply-grounding.service';

/** How long a worker has to accept or refuse a job (as for replies). */
const ASSIGN_TIMEOUT_MS = 5_000;
/** Pause between two looks for a worker with room. */
const WORKER_POLL_MS = 500;
/** Previews one workspace may run at once: a settings page, not a second bot. */
export const MAX_PREVIEWS_PER_WORKSPACE = 2;

interface RunningPreview {
  workspaceId: string;
  socketId: string | undefined;
  firstDeltaAt: number | null;
  /** Whether the worker got the knowledge passages (its model uses them); without, no sources. */
  grounded: boolean;
  settle: (outcome: { done: JobDoneEvent } | { error: BotPreviewError }) => void;
}

/**
 * "Try it" on the bot settings page: one reply generated with settings that are not saved, for a
 * dialogue that exists only in the request. The prompt is built as for a real reply and the job goes to
 * the least-loaded worker with the reply timeouts, but under a job id of its own that the registry routes
 * here (never to the conversation replies), and nothing is stored or sent to a conversation: the
 * completion is collected for the HTTP answer.
 *
 * The job runs on a worker of this replica (its events arrive here); with several replicas, each needs a
 * worker of its own for previews.
 */
@Injectable()
export class BotPreviewService implements WorkerJobListener, OnApplicationShutdown {
  private readonly logger = new Logger(BotPreviewService.name);
  private readonly running = new Map<string, RunningPreview>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WorkerRegistry) private readonly workers: WorkerRegistry,
    @Inject(BotSettingsService) private readonly settings: BotSettingsService,
    @Inject(ReplyGrounding) private readonly grounding: ReplyGrounding,
  ) {}

  async preview(workspaceId: string, request: BotPreviewRequest): Promise<BotPreviewDto> {
    const { messages, ...tried } = request;
    const saved = await this.settings.get(workspaceId);
    const settings = { ...saved, ...withoutUndefined(tried) };
    // The last message is the customer's (the schema checks it): a handoff phrase stops the bot, as live.
    const last = messages[messages.length - 1];
    if (last !== undefined && asksForHuman(last.text, settings.handoffPhrases)) {
      return {
        outcome: 'handoff',
        text: '',
        stats: null,
        workerId: null,
        modelId: null,
        modelVersion: null,
        sources: [],
      };
    }
    const ofWorkspace = [...this.running.values()].filter((preview) => preview.workspaceId === workspaceId);
    if (ofWorkspace.length >= MAX_PREVIEWS_PER_WORKSPACE) {
      throw new BotPreviewError(
        BotPreviewErrorCode.TooMany,
        `At most ${MAX_PREVIEWS_PER_WORKSPACE} previews run at once per workspace; wait for one to finish`,
      );
    }
    return this.generate(workspaceId, settings, messages);
  }

  onApplicationShutdown(): void {
    for (const [jobId, preview] of this.running) {
      if (preview.socketId !== undefined) {
        this.workers.cancel(preview.socketId, jobId);
      }
      this.end(jobId, { error: new BotPreviewError(BotPreviewErrorCode.Failed, 'The service is shutting down') });
    }
  }

  // --- worker events of the jobs this service owns ---

  jobDelta(workerSocketId: string, event: JobDeltaEvent): void {
    const preview = this.current(workerSocketId, event.jobId);
    if (preview !== undefined && preview.firstDeltaAt === null) {
      preview.firstDeltaAt = Date.now();
    }
  }

  jobDone(workerSocketId: string, event: JobDoneEvent): void {
    if (this.current(workerSocketId, event.jobId) !== undefined) {
      this.workers.release(workerSocketId);
      this.end(event.jobId, { done: event });
    }
  }

  jobFailed(workerSocketId: string, event: JobFailedEvent): void {
    if (this.current(workerSocketId, event.jobId) !== undefined) {
      this.workers.release(workerSocketId);
      const message = `The worker could not write the reply (${event.code}): ${event.message}`;
      this.end(event.jobId, { error: new BotPreviewError(BotPreviewErrorCode.Failed, message) });
    }
  }

  workerLost(workerSocketId: string): void {
    for (const [jobId, preview] of this.running) {
      if (preview.socketId === workerSocketId) {
        const error = new BotPreviewError(
          BotPreviewErrorCode.Failed,
          'The worker left while writing the reply; try again',
        );
        this.end(jobId, { error });
      }
    }
  }

  workerAvailable(): void {
    // Previews look for room by polling; nothing waits on this.
  }

  // --- one preview ---

  private async generate(
    workspaceId: string,
    settings: PromptSettings,
    messages: BotPreviewRequest['messages'],
  ): Promise<BotPreviewDto> {
    const jobId = randomUUID();
    const built = buildPreviewJob(jobId, settings, messages);
    // Grounded in the workspace's knowledge base as a real reply would be.
    const grounding = await this.grounding.passagesFor(workspaceId, built.turns);
    const job = grounding.passages.length === 0 ? built : { ...built, passages: grounding.passages };
    let settle!: RunningPreview['settle'];
    const ended = new Promise<{ done: JobDoneEvent } | { error: BotPreviewError }>((resolve) => (settle = resolve));
    const preview: RunningPreview = { workspaceId, socketId: undefined, firstDeltaAt: null, grounded: false, settle };
    this.running.set(jobId, preview);
    this.workers.own(jobId, this);
    try {
      const socketId = await this.place(job, preview);
      const registration = this.workers.local(socketId)?.data;
      const outcome = await this.within(ended, this.config.workers.replyTimeoutMs);
      if (outcome === null) {
        this.workers.cancel(socketId, jobId);
        throw new BotPreviewError(
          BotPreviewErrorCode.TimedOut,
          `The worker did not finish the reply within ${Math.round(this.config.workers.replyTimeoutMs / 1000)} s`,
        );
      }
      if ('error' in outcome) {
        throw outcome.error;
      }
      const { text, stats } = outcome.done;
      return {
        outcome: 'completed',
        text,
        stats: { ...stats, tokensPerSecond: tokensPerSecond(stats) },
        workerId: registration?.workerId ?? null,
        modelId: registration?.registration?.modelId ?? null,
        modelVersion: registration?.registration?.modelVersion ?? null,
        sources: preview.grounded ? this.grounding.settle(text, job, grounding.articles).sources : [],
      };
    } finally {
      this.running.delete(jobId);
      this.workers.disown(jobId);
    }
  }

  /** Hands the job to the least-loaded worker of this replica with room; waits for one as long as a reply would. */
  private async place(job: GenerationJob, preview: RunningPreview): Promise<string> {
    const waitUntil = Date.now() + this.config.workers.replyWaitMs;
    const excluded = new Set<string>();
    for (;;) {
      const worker = await this.workers.pick(excluded, { localOnly: true });
      if (worker === null) {
        const registered = await this.workers.list();
        if (registered.length === 0) {
          throw new BotPreviewError(
            BotPreviewErrorCode.NoWorker,
            'No inference worker is connected, so the bot cannot write a reply. Start a worker and try again.',
          );
        }
        if (!registered.some((candidate) => candidate.local)) {
          throw new BotPreviewError(
            BotPreviewErrorCode.NoWorker,
            `No inference worker is connected to the service replica that answered (${registered.length} ` +
              'connected to other replicas): previews run on a worker of the replica that answers. Try again.',
          );
        }
        if (Date.now() >= waitUntil) {
          throw new BotPreviewError(
            BotPreviewErrorCode.NoWorker,
            'Every inference worker is busy or refused the job; try again in a moment.',
          );
        }
        await sleep(WORKER_POLL_MS);
        continue;
      }
      preview.socketId = worker.socketId;
      // A model trained without knowledge passages answers worse with them: its worker gets none.
      preview.grounded = job.passages !== undefined && this.workers.usesKnowledgePassages(worker.socketId);
      const { passages: _passages, ...ungrounded } = job;
      const sent = preview.grounded ? job : ungrounded;
      const answer = await this.workers.assign(worker.socketId, sent, ASSIGN_TIMEOUT_MS);
      if (typeof answer === 'object' && answer.accepted) {
        return worker.socketId;
      }
      preview.socketId = undefined;
      if (answer === 'timeout') {
        this.workers.cancel(worker.socketId, job.jobId);
      }
      if (typeof answer === 'object' && answer.code !== 'busy') {
        this.logger.warn(`Preview ${job.jobId}: worker refused the job (${answer.code}): ${answer.message}`);
        throw new BotPreviewError(BotPreviewErrorCode.Failed, `The worker refused the job: ${answer.message}`);
      }
      excluded.add(worker.socketId);
    }
  }

  private within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve(null), ms);
      promise.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  private current(workerSocketId: string, jobId: string): RunningPreview | undefined {
    const preview = this.running.get(jobId);
    return preview?.socketId === workerSocketId ? preview : undefined;
  }

  private end(jobId: string, outcome: { done: JobDoneEvent } | { error: BotPreviewError }): void {
    const preview = this.running.get(jobId);
    if (preview !== undefined) {
      preview.socketId = undefined;
      preview.settle(outcome);
    }
  }
}

/** Completion tokens after the first over the time they took; null with fewer than two tokens. */
function tokensPerSecond(stats: JobDoneEvent['stats']): number | null {
  const decodeMs = stats.totalMs - stats.timeToFirstTokenMs;
  if (stats.completionTokens < 2 || decodeMs <= 0) {
    return null;
  }
  return Math.round(((stats.completionTokens - 1) / decodeMs) * 1000 * 10) / 10;
}

function withoutUndefined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
