import {
  type GenerationJob,
  type JobAssignAnswer,
  type JobDeltaEvent,
  type JobDoneEvent,
  type JobFailedEvent,
  generationJobSchema,
} from '@neodesk/contracts';
import {
  EngineError,
  EngineErrorCode,
  GenerationError,
  type InferenceEngine,
  parseGenerationParams,
  summarizeTokenLogprobs,
} from '@neodesk/inference';

/** Where a job's output goes: the gateway connection. */
export interface JobOutput {
  delta(event: JobDeltaEvent): void;
  done(event: JobDoneEvent): void;
  failed(event: JobFailedEvent): void;
}

/**
 * Runs the service's generation jobs on the engine: accepts or refuses each at once, streams deltas in
 * order, and stops a job the moment the service cancels it (nothing more is sent for it).
 */
export class JobRunner {
  private readonly running = new Map<string, AbortController>();
  private readonly idleWaiters = new Set<() => void>();
  private closing = false;

  constructor(
    private readonly engine: InferenceEngine,
    private readonly output: JobOutput,
    private readonly capacity: { maxBatchSize: number; maxQueued: number },
  ) {}

  get active(): number {
    return this.running.size;
  }

  /** Checks the job and starts it; the answer goes back to the service as the `job:assign` ack. */
  assign(payload: unknown): JobAssignAnswer {
    const parsed = generationJobSchema.safeParse(payload);
    if (!parsed.success) {
      const detail = parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || 'job'}: ${issue.message}`)
        .join('; ');
      return { accepted: false, code: 'invalid', message: `Invalid job: ${detail}` };
    }
    const job = parsed.data;
    if (this.closing) {
      return { accepted: false, code: 'busy', message: 'This worker is shutting down' };
    }
    if (this.running.has(job.jobId)) {
      return { accepted: true };
    }
    if (this.running.size >= this.capacity.maxBatchSize + this.capacity.maxQueued) {
      return { accepted: false, code: 'busy', message: `Running or queued: ${this.running.size}` };
    }
    let params;
    try {
      params = parseGenerationParams({ ...job.params });
    } catch (error) {
      return { accepted: false, code: 'invalid', message: error instanceof Error ? error.message : String(error) };
    }
    const controller = new AbortController();
    this.running.set(job.jobId, controller);
    void this.run(job, params, controller);
    return { accepted: true };
  }

  cancel(jobId: string): void {
    this.running.get(jobId)?.abort();
  }

  /** Takes no new jobs, and resolves once the running ones ended (true) or after `ms` (false). */
  drain(ms: number): Promise<boolean> {
    this.closing = true;
    if (this.running.size === 0) {
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.idleWaiters.delete(done);
        resolve(false);
      }, ms);
      const done = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      this.idleWaiters.add(done);
    });
  }

  /** The connection to the service dropped: the service hands these replies to other workers. */
  cancelAll(): void {
    for (const jobId of [...this.running.keys()]) {
      this.cancel(jobId);
    }
  }

  private async run(
    job: GenerationJob,
    params: ReturnType<typeof parseGenerationParams>,
    controller: AbortController,
  ): Promise<void> {
    const { jobId, attempt } = job;
    let index = 0;
    const live = (): boolean => this.running.get(jobId) === controller && !controller.signal.aborted;
    try {
      const result = await this.engine.generateChat({
        persona: job.persona,
        turns: job.turns,
        passages: job.passages,
        params,
        signal: controller.signal,
        onText: (text, logprobs) => {
          if (live()) {
            this.output.delta({ jobId, attempt, index: index++, text, logprobs: [...logprobs] });
          }
        },
      });
      if (!live()) {
        return;
      }
      const confidence = summarizeTokenLogprobs(result.tokenLogprobs);
      this.output.done({
        jobId,
        attempt,
        text: result.text,
        stats: {
          promptTokens: result.promptTokens,
          completionTokens: result.completionTokens,
          queueMs: result.queueMs,
          timeToFirstTokenMs: result.timeToFirstTokenMs,
          totalMs: result.totalMs,
          finishReason: result.finishReason,
          meanTokenProbability: confidence?.mean ?? null,
          minTokenProbability: confidence?.min ?? null,
        },
      });
    } catch (error) {
      if (live()) {
        this.output.failed({ jobId, attempt, ...failureOf(error) });
      }
    } finally {
      if (this.running.get(jobId) === controller) {
        this.running.delete(jobId);
      }
      if (this.running.size === 0) {
        for (const done of [...this.idleWaiters]) {
          this.idleWaiters.delete(done);
          done();
        }
      }
    }
  }
}

function failureOf(error: unknown): Pick<JobFailedEvent, 'code' | 'message'> {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof EngineError && error.code === EngineErrorCode.Busy) {
    return { code: 'busy', message };
  }
  if (
    error instanceof GenerationError ||
    (error instanceof EngineError && error.code === EngineErrorCode.PromptTooLong)
  ) {
    return { code: 'invalid', message };
  }
  return { code: 'error', message };
}
