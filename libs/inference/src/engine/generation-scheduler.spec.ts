/**
 * @jest-environment ./libs/inference/src/testing/onnxruntime-node.environment.ts
 */
import { BUNDLED_MODEL_DIR } from '../model/__fixtures__/bundled-model';
import { LoadedModel, ModelFolderLoader } from '../model/model-folder.loader';
import { EngineErrorCode } from './engine.error';
import {
  GenerationResult,
  GenerationScheduler,
  ReplyStreamer,
  SchedulerLimits,
  TokenSampler,
} from './generation-scheduler';
import { FusedBatchDecoder } from './fused-batch-decoder';
import { StandardBatchDecoder } from './standard-batch-decoder';

const EOS = 50256;

/** Greedy argmax, lowest id on ties (as torch.argmax). */
const greedy: TokenSampler = {
  next(logits) {
    let best = 0;
    for (let i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    return best;
  },
};

/** Collects token ids; finishes on EOS. The scheduler is under test here, not detokenization. */
function idStreamer(): ReplyStreamer & { ids: number[] } {
  const ids: number[] = [];
  return {
    ids,
    push(tokenId) {
      if (tokenId === EOS) {
        return { delta: '', done: true, finishReason: 'eos' };
      }
      ids.push(tokenId);
      return { delta: `<${tokenId}>`, done: false };
    },
    flush: () => '',
    get text() {
      return ids.map((id) => `<${id}>`).join('');
    },
  };
}

describe(GenerationScheduler.name, () => {
  let model: LoadedModel;
  let prompts: number[][];

  beforeAll(async () => {
    model = await new ModelFolderLoader().load(BUNDLED_MODEL_DIR);
    const turns = [
      'Where is my order?',
      'hi, I was charged twice for my subscription this month, can you check it please?',
      'I want to return the shoes I bought last week',
      'What are your opening hours on Sunday?',
      'my password reset link does not work',
    ];
    prompts = turns.map((text) => model.tokenizer.encodeChatPrompt([{ speaker: 'customer', text }]));
  });

  afterAll(async () => {
    await model.decoder.session.release();
  });

  function newScheduler(limits: Partial<SchedulerLimits> = {}, maxSequences = 8): GenerationScheduler {
    const decoder = new StandardBatchDecoder(model.decoder.session, model.config, {
      maxSequences,
      maxSequenceLength: 512,
    });
    return new GenerationScheduler(decoder, {
      maxBatchSize: maxSequences,
      maxQueued: 16,
      maxTokensInFlight: 8192,
      ...limits,
    });
  }

  function request(promptIds: number[], maxNewTokens = 24, signal?: AbortSignal, onText?: (delta: string) => void) {
    return { promptIds, maxNewTokens, sampler: greedy, streamer: idStreamer(), signal, onText };
  }

  async function alone(promptIds: number[], maxNewTokens = 24): Promise<GenerationResult> {
    return newScheduler({}, 1).generate(request(promptIds, maxNewTokens));
  }

  it('should give the same greedy tokens batched as one by one, for prompts of different lengths', async () => {
    const sequential = [];
    for (const prompt of prompts) {
      sequential.push(await alone(prompt));
    }
    const sut = newScheduler();
    const batched = await Promise.all(prompts.map((prompt) => sut.generate(request(prompt))));
    expect(batched.map((result) => result.tokenIds)).toEqual(sequential.map((result) => result.tokenIds));
    expect(batched.map((result) => result.finishReason)).toEqual(sequential.map((result) => result.finishReason));
    expect(sut.metrics.snapshot().batchSize.mean).toBeGreaterThan(1);
    expect(new Set(prompts.map((prompt) => prompt.length)).size).toBeGreaterThan(1);
  });

  it("should report each token's log-probability under the raw softmax, whatever the sampler does to the row", async () => {
    const expected: number[] = [];
    // A sampler that picks the second most likely token and then scribbles over the row, as temperature,
    // top-k and the repetition penalty do.
    const scribbler: TokenSampler = {
      next(logits) {
        const row = Float64Array.from(logits);
        const max = Math.max(...row);
        const normalizer = max + Math.log(row.reduce((sum, logit) => sum + Math.exp(logit - max), 0));
        const order = [...row.keys()].sort((a, b) => row[b] - row[a]);
        const token = order[1];
        expected.push(row[token] - normalizer);
        logits.fill(0);
        return token;
      },
    };
    const deltaLogprobs: number[] = [];
    const result = await newScheduler().generate({
      promptIds: prompts[0],
      maxNewTokens: 6,
      sampler: scribbler,
      streamer: idStreamer(),
      onText: (_delta, logprobs) => deltaLogprobs.push(...logprobs),
    });

    expect(result.tokenLogprobs).toHaveLength(result.tokenIds.length);
    // Within the documented bound of the skipped far-down logits (token-probability.ts).
    result.tokenLogprobs.forEach((logprob, i) => expect(logprob).toBeCloseTo(expected[i], 2));
    expect(result.tokenLogprobs.every((logprob) => logprob < 0 && logprob >= -1000)).toBe(true);
    // Each delta carries the tokens it shows; the id streamer shows every token but EOS.
    const shown = result.tokenIds.filter((id) => id !== EOS).length;
    expect(deltaLogprobs).toEqual(result.tokenLogprobs.slice(0, shown));
  });

  it('should give the sampler penaltyContext and the reply so far as history, the whole prompt without it', async () => {
    const histories: number[][] = [];
    const recorder: TokenSampler = {
      next(logits, history) {
        histories.push(Array.from(history));
        return greedy.next(logits, history);
      },
    };
    const prompt = prompts[0];
    const context = prompt.slice(0, 2);
    const withContext = await newScheduler().generate({
      promptIds: prompt,
      maxNewTokens: 3,
      sampler: recorder,
      penaltyContext: context,
      streamer: idStreamer(),
    });
    expect(histories[0]).toEqual(context);
    expect(histories[histories.length - 1]).toEqual([...context, ...withContext.tokenIds.slice(0, -1)]);

    histories.length = 0;
    await newScheduler().generate({ promptIds: prompt, maxNewTokens: 3, sampler: recorder, streamer: idStreamer() });
    expect(histories[0]).toEqual(prompt);
  });

  it('should prefill requests that arrive together in padded batches, shortest first, each as it runs alone', async () => {
    const sequential = [];
    for (const prompt of prompts) {
      sequential.push(await alone(prompt));
    }
    const decoder = await FusedBatchDecoder.create(BUNDLED_MODEL_DIR, { maxSequences: 8, maxSequenceLength: 512 });
    const runs: number[][] = [];
    const prefillMany = decoder.prefillMany.bind(decoder);
    jest.spyOn(decoder, 'prefillMany').mockImplementation((batch) => {
      runs.push(batch.map(({ promptIds }) => promptIds.length));
      return prefillMany(batch);
    });
    const sut = new GenerationScheduler(decoder, { maxBatchSize: 8, maxQueued: 16, maxTokensInFlight: 8192 });

    const batched = await Promise.all(prompts.map((prompt) => sut.generate(request(prompt))));
    await decoder.dispose();

    expect(batched.map((result) => result.tokenIds)).toEqual(sequential.map((result) => result.tokenIds));
    expect(runs).toEqual([prompts.map((prompt) => prompt.length).sort((a, b) => a - b)]);
  });

  it("should let requests join a running batch mid-way without changing anyone's tokens", async () => {
    const expected = await Promise.all(prompts.map((prompt) => alone(prompt, 32)));
    const sut = newScheduler();
    const early = prompts.slice(0, 2).map((prompt) => sut.generate(request(prompt, 32)));
    // Submit the rest once the first two have produced a few tokens each.
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (sut.metrics.snapshot().steps >= 4) {
          clearInterval(timer);
          resolve();
        }
      }, 1);
    });
    const late = prompts.slice(2).map((prompt) => sut.generate(request(prompt, 32)));
    const results = await Promise.all([...early, ...late]);
    expect(results.map((result) => result.tokenIds)).toEqual(expected.map((result) => result.tokenIds));
  });

  it('should stop at max_new_tokens with finish reason length', async () => {
    const result = await newScheduler().generate({ ...request(prompts[1], 5), streamer: neverEnding() });
    expect(result.finishReason).toBe('length');
    expect(result.completionTokens).toBe(5);
    expect(result.promptTokens).toBe(prompts[1].length);
    expect(result.timeToFirstTokenMs).toBeGreaterThan(0);
    expect(result.totalMs).toBeGreaterThanOrEqual(result.timeToFirstTokenMs);
  });

  it('should end a cancelled request within one step and free its slot for the others', async () => {
    const sut = newScheduler({}, 2);
    const controller = new AbortController();
    let streamed = 0;
    const cancelled = sut.generate({
      ...request(prompts[0], 200, controller.signal, () => {
        streamed++;
        if (streamed === 3) {
          controller.abort();
        }
      }),
      streamer: neverEnding(),
    });
    const other = sut.generate({ ...request(prompts[1], 12), streamer: neverEnding() });
    const stepsAtAbort = new Promise<number>((resolve) =>
      controller.signal.addEventListener('abort', () => resolve(sut.metrics.snapshot().steps)),
    );
    const result = await cancelled;
    expect(result.finishReason).toBe('cancelled');
    expect(result.completionTokens).toBe(3);
    expect(sut.metrics.snapshot().steps - (await stepsAtAbort)).toBeLessThanOrEqual(1);
    expect(sut.runningCount).toBe(1);
    // The freed slot takes a new request while the other is still running.
    const third = await sut.generate({ ...request(prompts[2], 4), streamer: neverEnding() });
    expect(third.finishReason).toBe('length');
    expect((await other).completionTokens).toBe(12);
  });

  it('should count only requests beyond the free slots as queued: with no queue, a full batch and then busy', async () => {
    const sut = newScheduler({ maxBatchSize: 2, maxQueued: 0 }, 2);
    const first = [sut.generate(request(prompts[0], 4)), sut.generate(request(prompts[1], 4))];

    await expect(sut.generate(request(prompts[2], 4))).rejects.toMatchObject({ code: EngineErrorCode.Busy });
    expect((await Promise.all(first)).map((result) => result.completionTokens)).toEqual([4, 4]);
    expect((await sut.generate(request(prompts[2], 4))).completionTokens).toBe(4);
  });

  it('should answer "busy" at once when the queue is full, and cancel a queued request', async () => {
    const sut = newScheduler({ maxBatchSize: 1, maxQueued: 1 }, 1);
    const running = sut.generate({ ...request(prompts[0], 8), streamer: neverEnding() });
    await new Promise((resolve) => setImmediate(resolve));
    const controller = new AbortController();
    const queued = sut.generate({ ...request(prompts[1], 8, controller.signal), streamer: neverEnding() });
    await expect(sut.generate(request(prompts[2], 8))).rejects.toMatchObject({ code: EngineErrorCode.Busy });
    controller.abort();
    expect(await queued).toMatchObject({ finishReason: 'cancelled', completionTokens: 0 });
    expect((await running).completionTokens).toBe(8);
    expect(sut.metrics.snapshot()).toMatchObject({ requestsRejectedBusy: 1, requestsCancelled: 1 });
  });

  it('should refuse a prompt that does not fit the context', async () => {
    const sut = newScheduler();
    await expect(sut.generate(request(new Array<number>(600).fill(11)))).rejects.toMatchObject({
      code: EngineErrorCode.PromptTooLong,
    });
    await expect(sut.generate(request([]))).rejects.toMatchObject({ code: EngineErrorCode.PromptTooLong });
  });
});

/** A streamer that never ends the reply, so lengths are exact. */
function neverEnding(): ReplyStreamer {
  const parts: string[] = [];
  return {
    push(tokenId) {
      parts.push(String(tokenId));
      return { delta: `${tokenId} `, done: false };
    },
    flush: () => '',
    get text() {
      return parts.join(' ');
    },
  };
}
