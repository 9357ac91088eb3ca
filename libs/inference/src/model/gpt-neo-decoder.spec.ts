/**
 * @jest-environment ./libs/inference/src/testing/onnxruntime-node.environment.ts
 */
import { BUNDLED_MODEL_DIR, logitsRow, maxAbsDiff } from './__fixtures__/bundled-model';
import { DecoderOutput, GptNeoDecoder, PastKeyValues } from './gpt-neo-decoder';
import { LoadedModel, ModelFolderLoader } from './model-folder.loader';

const TOLERANCE = 1e-4;

function ones(n: number): number[] {
  return Array.from({ length: n }, () => 1);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

describe(GptNeoDecoder.name, () => {
  let model: LoadedModel;
  let sut: GptNeoDecoder;

  beforeAll(async () => {
    model = await new ModelFolderLoader().load(BUNDLED_MODEL_DIR);
    sut = model.decoder;
  });

  afterAll(async () => {
    await model.decoder.session.release();
  });

  async function fullRecompute(ids: readonly number[]): Promise<DecoderOutput> {
    return sut.run({
      inputIds: [ids],
      attentionMask: [ones(ids.length)],
      positionIds: [range(0, ids.length)],
      past: null,
    });
  }

  // Prefill `prefix` tokens, then feed the rest one token at a time through the cache.
  async function incremental(ids: readonly number[], prefix: number): Promise<Float32Array[]> {
    const rows: Float32Array[] = [];
    let out = await sut.run({
      inputIds: [ids.slice(0, prefix)],
      attentionMask: [ones(prefix)],
      positionIds: [range(0, prefix)],
      past: null,
    });
    for (let p = 0; p < prefix; p++) {
      rows.push(logitsRow(out.logits, out.dims, 0, p).slice());
    }
    for (let p = prefix; p < ids.length; p++) {
      const past: PastKeyValues = out.present;
      out = await sut.run({ inputIds: [[ids[p]]], attentionMask: [ones(p + 1)], positionIds: [[p]], past });
      expect(out.present.length).toBe(p + 1);
      rows.push(logitsRow(out.logits, out.dims, 0, 0).slice());
    }
    return rows;
  }

  it('should give the same logits step by step with past as a full recompute', async () => {
    const ids = model.tokenizer.encodeChatPrompt([
      { speaker: 'customer', text: 'my parcel is stuck in transit, it was due on Tuesday' },
      { speaker: 'agent', text: "I'm sorry about the delay. What's the order number?" },
      { speaker: 'customer', text: 'NX-58212' },
    ]);

    const full = await fullRecompute(ids);
    const stepwise = await incremental(ids, 5);

    expect(stepwise).toHaveLength(ids.length);
    const diffs = stepwise.map((row, p) => maxAbsDiff(row, logitsRow(full.logits, full.dims, 0, p)));
    expect(Math.max(...diffs)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('should keep the local attention window right when the cache grows past 256 tokens', async () => {
    const turn = model.tokenizer.encodeText(
      ' I would like to return the Trail jacket I bought on 3 May, it does not fit.',
    );
    const ids = [50256];
    while (ids.length < 262) {
      ids.push(...turn);
    }
    ids.length = 262;

    const full = await fullRecompute(ids);
    const stepwise = await incremental(ids, 250);

    const diffs = range(250, 262).map((p) => maxAbsDiff(stepwise[p], logitsRow(full.logits, full.dims, 0, p)));
    expect(Math.max(...diffs)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('should give each row of a left-padded batch the logits it has when run alone', async () => {
    const pad = model.generation.padTokenId;
    const prompts = [
      model.tokenizer.encodeChatPrompt([
        { speaker: 'customer', text: 'hi, I was charged twice for order #558201, please refund one of the payments' },
      ]),
      model.tokenizer.encodeChatPrompt([{ speaker: 'customer', text: 'opening hours?' }]),
    ];
    const width = Math.max(...prompts.map((p) => p.length));
    const padding = prompts.map((p) => width - p.length);
    expect(padding[1]).toBeGreaterThan(0);
    const inputIds = prompts.map((p, b) => [...Array.from({ length: padding[b] }, () => pad), ...p]);
    const attentionMask = prompts.map((p, b) => [...Array.from({ length: padding[b] }, () => 0), ...ones(p.length)]);
    // As optimum and transformers.js do: positions count real tokens; padding gets 1.
    const positionIds = prompts.map((p, b) => [...Array.from({ length: padding[b] }, () => 1), ...range(0, p.length)]);

    const batch = await sut.run({ inputIds, attentionMask, positionIds, past: null });
    const next = [7, 11];
    const step = await sut.run({
      inputIds: next.map((t) => [t]),
      attentionMask: attentionMask.map((m) => [...m, 1]),
      positionIds: prompts.map((p) => [p.length]),
      past: batch.present,
    });

    for (let b = 0; b < prompts.length; b++) {
      const alone = await fullRecompute([...prompts[b], next[b]]);
      for (let p = 0; p < prompts[b].length; p++) {
        expect(
          maxAbsDiff(logitsRow(batch.logits, batch.dims, b, padding[b] + p), logitsRow(alone.logits, alone.dims, 0, p)),
        ).toBeLessThanOrEqual(TOLERANCE);
      }
      expect(
        maxAbsDiff(logitsRow(step.logits, step.dims, b, 0), logitsRow(alone.logits, alone.dims, 0, prompts[b].length)),
      ).toBeLessThanOrEqual(TOLERANCE);
    }
  });

  it('should reject an attention mask that does not cover past and new tokens', async () => {
    await expect(
      sut.run({ inputIds: [[1, 2]], attentionMask: [[1]], positionIds: [[0, 1]], past: null }),
    ).rejects.toThrow(RangeError);
  });
});
