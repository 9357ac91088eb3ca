import type { FinishReason } from '@neodesk/contracts';
import { logSumExp, tokenLogprob } from '../generation/token-probability';
import type { BatchDecoder } from './batch-decoder';
import { EngineError, EngineErrorCode } from './engine.error';
import { EngineMetrics } from './engine-metrics';

/**
 * Padded prompt tokens (rows x longest prompt) in one prefill run: enough rows that each weight matrix is
 * read once for several prompts, few enough that the activations stay in cache. Measured on 32 chat prompts
 * of 7-36 tokens (GPT-Neo-125M shape, 2 cores): one by one 960-1240 ms, runs of <= 256 tokens 590-600 ms,
 * all 32 in one run of 1152 padded tokens 980-1050 ms.
 */
const PREFILL_TOKENS_PER_RUN = 256;

/** A character a reader sees: what `String.prototype.trim` would not remove. */
const VISIBLE = /\S/;

/** Picks the next token from one row of logits (may modify the row). */
export interface TokenSampler {
  next(logits: Float32Array, history: ArrayLike<number>): number;
}

/** Turns tokens into safe-to-show text deltas and decides when a stop sequence or EOS ends the reply. */
export interface ReplyStreamer {
  push(tokenId: number): { delta: string; done: boolean; finishReason?: 'stop' | 'eos' };
  flush(): string;
  readonly text: string;
}

export interface ScheduledRequest {
  readonly promptIds: readonly number[];
  readonly maxNewTokens: number;
  /** EOS cannot be chosen before this many tokens (Hugging Face's min_new_tokens); benchmarks use it. */
  readonly minNewTokens?: number;
  /** The id that ends a reply; required with minNewTokens and requireVisibleText. */
  readonly eosTokenId?: number;
  /**
   * EOS cannot be chosen while the streamed text is blank (empty or whitespace only), so a reply always has
   * a visible character: Hugging Face's min_new_tokens, counted in visible text rather than tokens.
   */
  readonly requireVisibleText?: boolean;
  readonly sampler: TokenSampler;
  /**
   * The prompt tokens the repetition penalty counts besides the reply's own; default the whole prompt, as
   * transformers does. Grounded chat replies leave the knowledge passages out: copying a fact from them is
   * the point, not a repetition.
   */
  readonly penaltyContext?: readonly number[];
  readonly streamer: ReplyStreamer;
  /** Aborting cancels the request: waiting ones leave the queue, running ones leave the batch at the next step. */
  readonly signal?: AbortSignal;
  /**
   * Called with each new piece of text, in order, and the log-probabilities of the tokens it completes (a
   * piece can finish text held back from earlier tokens; tokens that end the reply, EOS or a stop sequence,
   * are never shown and appear only in the result's `tokenLogprobs`).
   */
  readonly onText?: (delta: string, logprobs: readonly number[]) => void;
}

export interface GenerationResult {
  text: string;
  tokenIds: number[];
  finishReason: FinishReason;
  promptTokens: number;
  completionTokens: number;
  queueMs: number;
  timeToFirstTokenMs: number;
  totalMs: number;
  /** Mean time between tokens after the first. */
  interTokenMs: number;
  /** Time between each token and the one before it, in order (per-token timings). */
  tokenGapsMs: number[];
  /**
   * For each generated token, its natural-log probability under the model's own distribution: the softmax
   * of the raw logits, before repetition penalty, temperature, top-k and top-p (so the figure measures the
   * model's confidence, whatever the sampling settings). Parallel to `tokenIds`.
   */
  tokenLogprobs: number[];
}

export interface SchedulerLimits {
  /** Sequences decoded together in one step. */
  readonly maxBatchSize: number;
  /** Requests waiting for a slot (none is free); beyond it callers get a "busy" error at once. */
  readonly maxQueued: number;
  /** Budget over running requests of prompt + max new tokens: bounds cache memory. */
  readonly maxTokensInFlight: number;
  /**
   * Prompt tokens prefilled between two decode steps while others are streaming (default 512), so a burst
   * of new requests delays running replies by a bounded amount instead of all prompts at once.
   */
  readonly maxPrefillTokensPerStep?: number;
}

interface Sequence {
  readonly id: number;
  readonly request: ScheduledRequest;
  readonly history: number[];
  /** What the sampler's repetition penalty counts: penaltyContext (or the prompt), then the reply. */
  readonly penaltyHistory: number[];
  readonly generated: number[];
  readonly budget: number;
  readonly submittedAt: number;
  admittedAt: number;
  firstTokenAt: number;
  lastTokenAt: number;
  interTokenSum: number;
  readonly gaps: number[];
  readonly logprobs: number[];
  /** logprobs from this index on were not passed to onText yet (their text is held back). */
  unsentLogprobs: number;
  lastToken: number;
  cancelled: boolean;
  resolve(result: GenerationResult): void;
  reject(error: unknown): void;
}

/**
 * Continuous batching: new requests are prefilled and join the running batch between steps; finished and
 * cancelled ones leave at once. One scheduler per loaded model; steps never overlap.
 */
export class GenerationScheduler {
  readonly metrics = new EngineMetrics();
  private readonly waiting: Sequence[] = [];
  private readonly running: Sequence[] = [];
  private nextId = 1;
  private tokensInFlight = 0;
  private looping = false;
  private closed = false;
  private idle: Promise<void> = Promise.resolve();
  /** The row of logits as the model gave it, kept while the sampler uses the row as scratch space. */
  private rawRow = new Float32Array(0);

  constructor(
    private readonly decoder: BatchDecoder,
    private readonly limits: SchedulerLimits,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (limits.maxBatchSize > decoder.maxSequences) {
      throw new RangeError(
        `maxBatchSize ${limits.maxBatchSize} exceeds the decoder's ${decoder.maxSequences} sequences`,
      );
    }
  }

  /** Queues a request; resolves when it finishes (also when cancelled, with what was generated). */
  generate(request: ScheduledRequest): Promise<GenerationResult> {
    if (this.closed) {
      return Promise.reject(new EngineError(EngineErrorCode.Closed, 'The engine is shutting down'));
    }
    const promptLength = request.promptIds.length;
    if (promptLength === 0 || promptLength >= this.decoder.maxSequenceLength) {
      return Promise.reject(
        new EngineError(
          EngineErrorCode.PromptTooLong,
          `A prompt must have 1 to ${this.decoder.maxSequenceLength - 1} tokens (got ${promptLength})`,
        ),
      );
    }
    const budget = Math.min(promptLength + request.maxNewTokens, this.decoder.maxSequenceLength);
    if (budget > this.limits.maxTokensInFlight) {
      return Promise.reject(
        new EngineError(
          EngineErrorCode.PromptTooLong,
          `Prompt plus max_new_tokens (${budget}) exceeds the ${this.limits.maxTokensInFlight} tokens in flight allowed`,
        ),
      );
    }
    // Requests that a free slot takes at the next step boundary are not waiting for one.
    const freeSlots = Math.max(0, this.limits.maxBatchSize - this.running.length);
    if (this.waiting.length >= freeSlots + this.limits.maxQueued) {
      this.metrics.requestsRejectedBusy++;
      return Promise.reject(
        new EngineError(
          EngineErrorCode.Busy,
          `The queue is full (${this.limits.maxQueued} waiting); try again shortly`,
        ),
      );
    }
    return new Promise<GenerationResult>((resolve, reject) => {
      const sequence: Sequence = {
        id: this.nextId++,
        request,
        history: [...request.promptIds],
        penaltyHistory: [...(request.penaltyContext ?? request.promptIds)],
        generated: [],
        budget,
        submittedAt: this.now(),
        admittedAt: 0,
        firstTokenAt: 0,
        lastTokenAt: 0,
        interTokenSum: 0,
        gaps: [],
        logprobs: [],
        unsentLogprobs: 0,
        lastToken: -1,
        cancelled: false,
        resolve,
        reject,
      };
      if (request.signal?.aborted) {
        this.finish(sequence, 'cancelled');
        return;
      }
      request.signal?.addEventListener('abort', () => this.cancel(sequence), { once: true });
      this.waiting.push(sequence);
      this.metrics.waiting = this.waiting.length;
      this.kick();
    });
  }

  get runningCount(): number {
    return this.running.length;
  }

  get waitingCount(): number {
    return this.waiting.length;
  }

  /** Stops taking work; `drain` lets running and queued requests finish, `cancel` ends them at the next step. */
  async close(mode: 'drain' | 'cancel'): Promise<void> {
    this.closed = true;
    if (mode === 'cancel') {
      for (const sequence of [...this.waiting, ...this.running]) {
        this.cancel(sequence);
      }
    }
    await this.idle;
  }

  private cancel(sequence: Sequence): void {
    if (sequence.cancelled) {
      return;
    }
    sequence.cancelled = true;
    const queued = this.waiting.indexOf(sequence);
    if (queued >= 0) {
      this.waiting.splice(queued, 1);
      this.metrics.waiting = this.waiting.length;
      this.finish(sequence, 'cancelled');
    }
    // A running sequence leaves the batch at the next step boundary (see retireCancelled).
  }

  private kick(): void {
    if (this.looping) {
      return;
    }
    this.looping = true;
    this.idle = this.loop().finally(() => {
      this.looping = false;
    });
  }

  private async loop(): Promise<void> {
    try {
      // Starting on the next turn of the event loop lets requests that arrive together be prefilled together.
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (this.running.length > 0 || this.waiting.length > 0) {
        this.retireCancelled();
        await this.admit();
        if (this.running.length === 0) {
          continue;
        }
        const batch = [...this.running];
        const logits = await this.decoder.step(
          batch.map((sequence) => ({ sequenceId: sequence.id, token: sequence.lastToken })),
        );
        const normalizers = this.decoder.lastNormalizers?.();
        this.metrics.recordStep(batch.length);
        const vocab = logits.length / batch.length;
        batch.forEach((sequence, i) => {
          if (!sequence.cancelled) {
            this.accept(sequence, logits.subarray(i * vocab, (i + 1) * vocab), normalizers?.[i]);
          }
        });
        // Let socket and timer callbacks run between steps.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      this.failAll(
        new EngineError(EngineErrorCode.RuntimeFailure, `Generation failed: ${describe(error)}`, { cause: error }),
      );
    }
  }

  /**
   * Admits waiting requests while slots, the token budget and the per-step prefill budget allow, and
   * prefills them together: shortest prompts first, in runs of at most PREFILL_TOKENS_PER_RUN padded tokens.
   */
  private async admit(): Promise<void> {
    const streaming = this.running.length > 0;
    const prefillBudget = this.limits.maxPrefillTokensPerStep ?? 512;
    let prefilled = 0;
    const admitted: Sequence[] = [];
    while (this.waiting.length > 0 && this.running.length < this.limits.maxBatchSize) {
      const next = this.waiting[0];
      if (this.tokensInFlight + next.budget > this.limits.maxTokensInFlight && this.running.length > 0) {
        break;
      }
      if (streaming && prefilled > 0 && prefilled + next.request.promptIds.length > prefillBudget) {
        break;
      }
      prefilled += next.request.promptIds.length;
      this.waiting.shift();
      this.metrics.waiting = this.waiting.length;
      next.admittedAt = this.now();
      this.metrics.recordQueue(next.admittedAt - next.submittedAt);
      this.tokensInFlight += next.budget;
      this.running.push(next);
      this.metrics.running = this.running.length;
      admitted.push(next);
    }
    admitted.sort((a, b) => a.request.promptIds.length - b.request.promptIds.length);
    for (let from = 0; from < admitted.length;) {
      // Sorted, so the last one added is the widest: rows x its length is what the run computes.
      let to = from + 1;
      while (
        to < admitted.length &&
        (to + 1 - from) * admitted[to].request.promptIds.length <= PREFILL_TOKENS_PER_RUN
      ) {
        to++;
      }
      const run = admitted.slice(from, to);
      const logits = await this.decoder.prefillMany(
        run.map((sequence) => ({ sequenceId: sequence.id, promptIds: sequence.request.promptIds })),
      );
      const normalizers = this.decoder.lastNormalizers?.();
      run.forEach((sequence, i) => {
        if (!sequence.cancelled) {
          this.accept(sequence, logits[i], normalizers?.[i]);
        }
      });
      from = to;
    }
  }

  /** `normalizer`: the row's log-sum-exp where the decoder's graph computed it. */
  private accept(sequence: Sequence, logits: Float32Array, normalizer = logSumExp(logits)): void {
    const { minNewTokens, eosTokenId, requireVisibleText } = sequence.request;
    // The chosen token's probability under the raw softmax: from the graph, or one pass over the row.
    if (this.rawRow.length < logits.length) {
      this.rawRow = new Float32Array(logits.length);
    }
    this.rawRow.set(logits);
    if (
      eosTokenId !== undefined &&
      ((minNewTokens !== undefined && sequence.generated.length < minNewTokens) ||
        (requireVisibleText === true && !VISIBLE.test(sequence.request.streamer.text)))
    ) {
      logits[eosTokenId] = -Infinity;
    }
    const token = sequence.request.sampler.next(logits, sequence.penaltyHistory);
    sequence.logprobs.push(tokenLogprob(this.rawRow[token], normalizer));
    const at = this.now();
    if (sequence.generated.length === 0) {
      sequence.firstTokenAt = at;
      this.metrics.recordFirstToken(at - sequence.submittedAt);
    } else {
      sequence.interTokenSum += at - sequence.lastTokenAt;
      sequence.gaps.push(at - sequence.lastTokenAt);
      this.metrics.recordInterToken(at - sequence.lastTokenAt);
    }
    sequence.lastTokenAt = at;
    sequence.lastToken = token;
    sequence.history.push(token);
    sequence.penaltyHistory.push(token);
    sequence.generated.push(token);
    this.metrics.tokensGenerated++;
    const pushed = sequence.request.streamer.push(token);
    this.emit(sequence, pushed.delta);
    if (pushed.done) {
      this.retire(sequence, pushed.finishReason ?? 'stop');
    } else if (
      sequence.generated.length >= sequence.request.maxNewTokens ||
      sequence.history.length >= this.decoder.maxSequenceLength
    ) {
      this.retire(sequence, 'length');
    }
  }

  private retireCancelled(): void {
    for (const sequence of this.running.filter((candidate) => candidate.cancelled)) {
      this.retire(sequence, 'cancelled');
    }
  }

  private retire(sequence: Sequence, reason: FinishReason): void {
    const index = this.running.indexOf(sequence);
    if (index >= 0) {
      this.running.splice(index, 1);
      this.metrics.running = this.running.length;
      this.tokensInFlight -= sequence.budget;
      this.decoder.release(sequence.id);
    }
    if (reason !== 'eos' && reason !== 'stop') {
      this.emit(sequence, sequence.request.streamer.flush());
    }
    this.finish(sequence, reason);
  }

  private finish(sequence: Sequence, reason: FinishReason): void {
    const end = this.now();
    if (reason === 'cancelled') {
      this.metrics.requestsCancelled++;
    } else {
      this.metrics.requestsCompleted++;
    }
    const completion = sequence.generated.length;
    sequence.resolve({
      text: sequence.request.streamer.text,
      tokenIds: [...sequence.generated],
      finishReason: reason,
      promptTokens: sequence.request.promptIds.length,
      completionTokens: completion,
      queueMs: (sequence.admittedAt || end) - sequence.submittedAt,
      timeToFirstTokenMs: sequence.firstTokenAt === 0 ? 0 : sequence.firstTokenAt - sequence.submittedAt,
      totalMs: end - sequence.submittedAt,
      interTokenMs: completion > 1 ? sequence.interTokenSum / (completion - 1) : 0,
      tokenGapsMs: sequence.gaps,
      tokenLogprobs: [...sequence.logprobs],
    });
  }

  private emit(sequence: Sequence, delta: string): void {
    if (delta.length === 0 || sequence.request.onText === undefined) {
      return;
    }
    const logprobs = sequence.logprobs.slice(sequence.unsentLogprobs);
    sequence.unsentLogprobs = sequence.logprobs.length;
    try {
      sequence.request.onText(delta, logprobs);
    } catch {
      // A faulty listener must not stop the batch; the caller sees the full text in the result.
    }
  }

  private failAll(error: EngineError): void {
    for (const sequence of [...this.running, ...this.waiting]) {
      this.decoder.release(sequence.id);
      sequence.reject(error);
    }
    this.running.length = 0;
    this.waiting.length = 0;
    this.tokensInFlight = 0;
    this.metrics.running = 0;
    this.metrics.waiting = 0;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
