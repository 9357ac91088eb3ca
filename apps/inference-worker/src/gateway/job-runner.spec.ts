/**
 * @jest-environment ./libs/inference/src/testing/onnxruntime-node.environment.ts
 */
import { join } from 'node:path';
import type { GenerationJob, JobDeltaEvent, JobDoneEvent, JobFailedEvent } from '@neodesk/contracts';
import { MAX_JOB_PASSAGES, MAX_JOB_PASSAGE_LENGTH } from '@neodesk/contracts';
import { InferenceEngine } from '@neodesk/inference';
import { JobRunner } from './job-runner';

const BUNDLED_MODEL_DIR = join(__dirname, '..', '..', '..', '..', 'models', 'neodesk-support-gpt-neo');

const quiet = { log: () => undefined, warn: () => undefined };

class Recorder {
  readonly deltas: JobDeltaEvent[] = [];
  readonly done: JobDoneEvent[] = [];
  readonly failed: JobFailedEvent[] = [];
  private waiters: Array<() => void> = [];

  readonly output = {
    delta: (event: JobDeltaEvent) => this.deltas.push(event),
    done: (event: JobDoneEvent) => this.settle(() => this.done.push(event)),
    failed: (event: JobFailedEvent) => this.settle(() => this.failed.push(event)),
  };

  ended(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private settle(record: () => void): void {
    record();
    this.waiters.splice(0).forEach((resolve) => resolve());
  }
}

function job(overrides: Partial<GenerationJob> = {}): GenerationJob {
  return {
    jobId: crypto.randomUUID(),
    attempt: 1,
    persona: 'You are a helpful support agent.',
    turns: [{ speaker: 'customer', text: 'Where is my order?' }],
    params: { maxNewTokens: 24, temperature: 0, topK: 0, topP: 1, repetitionPenalty: 1.1 },
    ...overrides,
  };
}

describe(JobRunner.name, () => {
  let engine: InferenceEngine;

  beforeAll(async () => {
    // As a model trained with knowledge passages: the bundled one's config does not claim them.
    engine = await InferenceEngine.load(
      BUNDLED_MODEL_DIR,
      { device: 'cpu', cpuThreads: 1, maxBatchSize: 2, maxQueued: 2, knowledgePassages: true },
      quiet,
    );
  });

  afterAll(async () => {
    await engine.close('cancel');
  });

  it('should stream numbered deltas that add up to the finished text, with the figures', async () => {
    const recorder = new Recorder();
    const sut = new JobRunner(engine, recorder.output, { maxBatchSize: 2, maxQueued: 2 });
    const ended = recorder.ended();
    const work = job();
    expect(sut.assign(work)).toEqual({ accepted: true });
    await ended;
    const [done] = recorder.done;
    expect(done).toMatchObject({ jobId: work.jobId, attempt: 1, stats: { promptTokens: expect.any(Number) } });
    expect(recorder.deltas.map((delta) => delta.index)).toEqual(recorder.deltas.map((_, index) => index));
    expect(recorder.deltas.map((delta) => delta.text).join('')).toBe(done?.text);
    expect(done?.text.length).toBeGreaterThan(0);
    expect(sut.active).toBe(0);
  });

  it("should send the log-probabilities of each delta's tokens and the reply's mean and least token probability", async () => {
    const recorder = new Recorder();
    const sut = new JobRunner(engine, recorder.output, { maxBatchSize: 2, maxQueued: 2 });
    const ended = recorder.ended();
    sut.assign(job());
    await ended;
    const [done] = recorder.done;
    const logprobs = recorder.deltas.flatMap((delta) => delta.logprobs ?? []);
    // Every delta carries at least one token; EOS ends the reply unseen, so it is only in the done figures.
    expect(recorder.deltas.every((delta) => (delta.logprobs?.length ?? 0) > 0)).toBe(true);
    expect(logprobs.length).toBeGreaterThan(0);
    expect(logprobs.length).toBeLessThanOrEqual(done?.stats.completionTokens ?? 0);
    expect(logprobs.every((logprob) => Number.isFinite(logprob) && logprob <= 0)).toBe(true);
    const { meanTokenProbability: mean, minTokenProbability: min } = done?.stats ?? {};
    expect(mean).toBeGreaterThan(0);
    expect(mean).toBeLessThanOrEqual(1);
    expect(min).toBeGreaterThan(0);
    expect(min).toBeLessThanOrEqual(mean ?? 0);
    expect(min).toBeLessThanOrEqual(Math.exp(Math.min(...logprobs)) + 1e-9);
  });

  it('should refuse malformed jobs and out-of-range parameters without running them', () => {
    const recorder = new Recorder();
    const sut = new JobRunner(engine, recorder.output, { maxBatchSize: 2, maxQueued: 2 });
    expect(sut.assign({ jobId: 'nope' })).toMatchObject({ accepted: false, code: 'invalid' });
    expect(sut.assign(job({ turns: [] }))).toMatchObject({ accepted: false, code: 'invalid' });
    const tooHot = job({ params: { maxNewTokens: 8, temperature: 9, topK: 0, topP: 1, repetitionPenalty: 1 } });
    expect(sut.assign(tooHot)).toMatchObject({ accepted: false, code: 'invalid' });
    expect(sut.active).toBe(0);
  });

  it('should place the passages in the prompt, and refuse too many or too long ones', async () => {
    const recorder = new Recorder();
    const sut = new JobRunner(engine, recorder.output, { maxBatchSize: 2, maxQueued: 2 });
    const passage = { title: 'Shipping', text: 'We ship to France and Canada in 3 to 5 working days.' };
    const params = { maxNewTokens: 2, temperature: 0, topK: 0, topP: 1, repetitionPenalty: 1 };

    expect(sut.assign(job({ passages: Array.from({ length: MAX_JOB_PASSAGES + 1 }, () => passage) }))).toMatchObject({
      accepted: false,
      code: 'invalid',
    });
    const tooLong = { title: 'Long', text: 'x'.repeat(MAX_JOB_PASSAGE_LENGTH + 1) };
    expect(sut.assign(job({ passages: [tooLong] }))).toMatchObject({ accepted: false, code: 'invalid' });

    const ended = recorder.ended();
    expect(sut.assign(job({ params }))).toEqual({ accepted: true });
    await ended;
    const grounded = recorder.ended();
    expect(sut.assign(job({ params, passages: [passage] }))).toEqual({ accepted: true });
    await grounded;

    const [without, withPassage] = recorder.done.map((event) => event.stats.promptTokens);
    const articleTokens = engine.tokenizer.encodeText(`Article: ${passage.title}: ${passage.text}`).length;
    expect(withPassage - without).toBeGreaterThanOrEqual(articleTokens);
  });

  it('should answer busy beyond its capacity, and send nothing for a cancelled job', async () => {
    const recorder = new Recorder();
    const sut = new JobRunner(engine, recorder.output, { maxBatchSize: 1, maxQueued: 0 });
    const long = job({ params: { maxNewTokens: 200, temperature: 0, topK: 0, topP: 1, repetitionPenalty: 1 } });
    expect(sut.assign(long)).toEqual({ accepted: true });
    expect(sut.assign(job())).toMatchObject({ accepted: false, code: 'busy' });
    sut.cancel(long.jobId);
    expect(await sut.drain(5_000)).toBe(true);
    expect(recorder.done).toEqual([]);
    expect(recorder.failed).toEqual([]);
    expect(sut.assign(job())).toMatchObject({ accepted: false, code: 'busy', message: 'This worker is shutting down' });
  });
});
