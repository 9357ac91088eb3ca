/**
 * @jest-environment ./libs/inference/src/testing/onnxruntime-node.environment.ts
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { InferenceSession, Tensor } from 'onnxruntime-node';

import { BUNDLED_MODEL_DIR, maxAbsDiff } from '../model/__fixtures__/bundled-model';
import { ModelLoadError, ModelLoadErrorCode } from '../model/model-load.error';
import { LoadedModel, ModelFolderLoader } from '../model/model-folder.loader';
import { FusedBatchDecoder } from './fused-batch-decoder';

interface ReferenceCase {
  readonly name: string;
  readonly inputIds: readonly number[];
  readonly positions: readonly number[];
  readonly logitsHead: readonly (readonly number[])[];
  readonly topIds: readonly (readonly number[])[];
  readonly topLogits: readonly (readonly number[])[];
}

interface Track {
  readonly id: number;
  readonly tokens: number[];
  readonly rows: Float32Array[];
}

const TOLERANCE = 1e-4;
const WINDOW = 256;
/** engine_graph.py --window-probe: one local GroupQueryAttention layer (the --attention gqa variant), window 4, head_dim 8. */
const PROBE_FILE = join(__dirname, '__fixtures__', 'gqa-window-probe.onnx');
const PROBE_WINDOW = 4;
const PROBE_HEAD_DIM = 8;
// One thread: the tiny model gains nothing from more, and spinning threads slow a busy CI machine down.
const SESSION_OPTIONS = { intraOpNumThreads: 1 } as const;

function argmax(row: Float32Array): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) {
    if (row[i] > row[best]) {
      best = i;
    }
  }
  return best;
}

/** maxAbsDiff for two logits rows; the shared helper also takes number[], and that polymorphism is slow here. */
function maxRowDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (d > max) {
      max = d;
    }
  }
  return max;
}

function expectReferenceRow(row: Float32Array, c: ReferenceCase, i: number): void {
  expect(maxAbsDiff(row.subarray(0, c.logitsHead[i].length), c.logitsHead[i])).toBeLessThanOrEqual(TOLERANCE);
  expect(
    maxAbsDiff(
      c.topIds[i].map((id) => row[id]),
      c.topLogits[i],
    ),
  ).toBeLessThanOrEqual(TOLERANCE);
  expect(argmax(row)).toBe(c.topIds[i][0]);
}

function expectSameTrack(actual: Track, expected: Track): void {
  expect(actual.tokens).toEqual(expected.tokens);
  expect(actual.rows).toHaveLength(expected.rows.length);
  actual.rows.forEach((row, i) => expect(maxRowDiff(row, expected.rows[i])).toBeLessThanOrEqual(TOLERANCE));
}

describe(FusedBatchDecoder.name, () => {
  const reference = JSON.parse(readFileSync(join(BUNDLED_MODEL_DIR, 'reference', 'logits.json'), 'utf8')) as {
    readonly cases: readonly ReferenceCase[];
  };
  let model: LoadedModel;
  let sut: FusedBatchDecoder;
  let prompts: number[][];
  let nextId = 1;

  beforeAll(async () => {
    model = await new ModelFolderLoader().load(BUNDLED_MODEL_DIR, { sessionOptions: SESSION_OPTIONS });
    sut = await FusedBatchDecoder.create(BUNDLED_MODEL_DIR, { maxSequences: 4, sessionOptions: SESSION_OPTIONS });
    prompts = [
      [{ speaker: 'customer' as const, text: 'Hi, where is my order NX-48213?' }],
      [{ speaker: 'customer' as const, text: 'hello' }],
      [
        { speaker: 'customer' as const, text: 'I was charged twice for order #583920, can you refund one?' },
        { speaker: 'agent' as const, text: 'Sorry about that. Could you give me the email on your account?' },
        { speaker: 'customer' as const, text: 'lena.weber@mail.de' },
      ],
    ].map((turns) => model.tokenizer.encodeChatPrompt(turns));
  });

  afterAll(async () => {
    await sut.dispose();
    await model.decoder.session.release();
  });

  afterEach(() => {
    // Every test starts from an empty decoder, whatever it left behind.
    for (let id = 1; id < nextId; id++) {
      sut.release(id);
    }
  });

  async function start(prompt: readonly number[], decoder = sut): Promise<Track> {
    const id = nextId++;
    const row = (await decoder.prefill(id, prompt)).slice();
    return { id, tokens: [argmax(row)], rows: [row] };
  }

  async function stepGreedy(tracks: readonly Track[], decoder = sut): Promise<void> {
    const logits = await decoder.step(tracks.map((t) => ({ sequenceId: t.id, token: t.tokens[t.tokens.length - 1] })));
    const vocab = decoder.config.vocabSize;
    expect(logits).toHaveLength(tracks.length * vocab);
    tracks.forEach((t, i) => {
      const row = logits.slice(i * vocab, (i + 1) * vocab);
      t.rows.push(row);
      t.tokens.push(argmax(row));
    });
  }

  async function alone(prompt: readonly number[], steps: number): Promise<Track> {
    const track = await start(prompt);
    for (let s = 0; s < steps; s++) {
      await stepGreedy([track]);
    }
    sut.release(track.id);
    return track;
  }

  describe('fidelity', () => {
    it('should have a reference input that crosses the 256-token local window', () => {
      const long = reference.cases.find((c) => c.inputIds.length > WINDOW);
      expect(long?.positions.filter((p) => p >= WINDOW).length).toBeGreaterThanOrEqual(3);
    });

    it.each(reference.cases.map((c) => [c.name, c] as const))(
      'should reproduce the PyTorch logits of the %s case within 1e-4 when prefilled',
      async (_name, c) => {
        for (const [i, position] of c.positions.entries()) {
          const id = nextId++;
          const row = await sut.prefill(id, c.inputIds.slice(0, position + 1));
          sut.release(id);

          expectReferenceRow(row, c, i);
        }
      },
    );

    it.each(reference.cases.map((c) => [c.name, c] as const))(
      'should reproduce the PyTorch logits of the %s case within 1e-4 when decoded token by token',
      async (_name, c) => {
        // Prefill part of the prompt, then decode the rest; the long case decodes across the window edge.
        const prefix = c.inputIds.length > WINDOW ? WINDOW - 16 : c.positions[0] + 1;
        const id = nextId++;
        const rows = new Map<number, Float32Array>();
        rows.set(prefix - 1, (await sut.prefill(id, c.inputIds.slice(0, prefix))).slice());
        const last = Math.max(...c.positions);
        for (let p = prefix; p <= last; p++) {
          const logits = await sut.step([{ sequenceId: id, token: c.inputIds[p] }]);
          if (c.positions.includes(p)) {
            rows.set(p, logits.slice());
          }
        }
        const checked = c.positions.filter((position) => position >= prefix - 1);

        expect(checked.length).toBeGreaterThanOrEqual(3);
        for (const position of checked) {
          expectReferenceRow(rows.get(position) ?? new Float32Array(0), c, c.positions.indexOf(position));
        }
      },
    );

    it('should let a local GroupQueryAttention layer see exactly window_size keys, in prompt and decode', async () => {
      const session = await InferenceSession.create(PROBE_FILE, SESSION_OPTIONS);
      const d = PROBE_HEAD_DIM;
      const length = 10;
      const maxLength = 16;
      // q = k = 0 makes attention uniform over the visible keys; v = [1, position] then averages positions.
      const query = new Float32Array(length * 3 * d);
      for (let j = 0; j < length; j++) {
        query[j * 3 * d + 2 * d + 1] = j;
      }
      const values = new Float32Array(maxLength * d);
      const cache = {
        key: new Tensor('float32', new Float32Array(maxLength * d), [1, 1, maxLength, d]),
        value: new Tensor('float32', values, [1, 1, maxLength, d]),
      };
      const run = async (q: Float32Array, total: number): Promise<Float32Array> => {
        const rows = q.length / (3 * d);
        const output = new Float32Array(rows * d);
        await session.run(
          {
            query: new Tensor('float32', q, [1, rows, 3 * d]),
            past_key: cache.key,
            past_value: cache.value,
            seqlens_k: new Tensor('int32', Int32Array.of(total - 1), [1]),
            total_sequence_length: new Tensor('int32', Int32Array.of(total), []),
          },
          { output: new Tensor('float32', output, [1, rows, d]), present_key: cache.key, present_value: cache.value },
        );
        return output;
      };
      // Keys i - c + 1 .. i visible: their mean position is i - (c - 1) / 2.
      const visible = (position: number, mean: number): number => Math.round(2 * (position - mean) + 1);

      const prompt = await run(query, length);
      const decode = await run(
        query
          .slice(0, 3 * d)
          .fill(0)
          .fill(length, 2 * d + 1, 2 * d + 2),
        length + 1,
      );
      await session.release();

      const counts = Array.from({ length }, (_, i) => visible(i, prompt[i * d + 1]));
      expect(counts).toEqual(Array.from({ length }, (_, i) => Math.min(i + 1, PROBE_WINDOW)));
      expect(visible(length, decode[1])).toBe(PROBE_WINDOW);
      // Present bound to past (IO-binding runtimes): GroupQueryAttention appended into that very buffer.
      expect(values[length * d + 1]).toBe(length);
    });
  });

  describe('decoding', () => {
    it("should match the standard decoder's full recompute token for token", async () => {
      for (const prompt of prompts) {
        const track = await alone(prompt, 8);
        const ids = [...prompt];
        for (const [s, row] of track.rows.entries()) {
          const out = await model.decoder.run({
            inputIds: [ids],
            attentionMask: [ids.map(() => 1)],
            positionIds: [ids.map((_, i) => i)],
            past: null,
          });
          const vocab = out.dims[2];
          const expected = out.logits.subarray((ids.length - 1) * vocab, ids.length * vocab);

          expect(maxRowDiff(row, expected)).toBeLessThanOrEqual(TOLERANCE);
          expect(track.tokens[s]).toBe(argmax(expected));
          ids.push(track.tokens[s]);
        }
      }
    });

    it('should give each sequence of a mixed-length batch the tokens and logits it gets alone', async () => {
      const expected: Track[] = [];
      for (const prompt of prompts) {
        expected.push(await alone(prompt, 6));
      }

      const tracks: Track[] = [];
      for (const prompt of prompts) {
        tracks.push(await start(prompt));
      }
      for (let s = 0; s < 6; s++) {
        await stepGreedy(tracks);
      }

      expect(new Set(prompts.map((p) => p.length)).size).toBe(prompts.length);
      tracks.forEach((t, i) => expectSameTrack(t, expected[i]));
    });

    it('should not disturb the others when a sequence is released mid-way and the last slot moves into its place', async () => {
      const expected = [await alone(prompts[1], 7), await alone(prompts[2], 7)];
      const [first, second, third] = [await start(prompts[0]), await start(prompts[1]), await start(prompts[2])];
      for (let s = 0; s < 3; s++) {
        await stepGreedy([first, second, third]);
      }

      sut.release(first.id);
      for (let s = 0; s < 4; s++) {
        await stepGreedy([second, third]);
      }

      expect(sut.liveSequences).toBe(2);
      expectSameTrack(second, expected[0]);
      expectSameTrack(third, expected[1]);
    });

    it('should give a sequence that joins mid-way the tokens it gets alone', async () => {
      const expected = [await alone(prompts[2], 6), await alone(prompts[0], 4)];
      const early = await start(prompts[2]);
      for (let s = 0; s < 2; s++) {
        await stepGreedy([early]);
      }

      const late = await start(prompts[0]);
      for (let s = 0; s < 4; s++) {
        await stepGreedy([late, early]);
      }

      expectSameTrack(early, expected[0]);
      expectSameTrack(late, expected[1]);
    });

    it('should keep every sequence intact while the rows are re-laid out for a longer or shorter capacity', async () => {
      // 60 + 10 positions cross the 64-position capacity step while another sequence is live.
      const long = (reference.cases.find((c) => c.inputIds.length > WINDOW)?.inputIds ?? []).slice(0, 60);
      const expected = [await alone(long, 10), await alone(prompts[1], 14)];
      const [grows, stays] = [await start(long), await start(prompts[1])];
      for (let s = 0; s < 10; s++) {
        await stepGreedy([grows, stays]);
      }

      sut.release(grows.id);
      for (let s = 0; s < 4; s++) {
        await stepGreedy([stays]);
      }

      expect(long).toHaveLength(60);
      expectSameTrack(grows, expected[0]);
      expectSameTrack(stays, expected[1]);
    });

    it('should prefill prompts of different lengths as one left-padded batch, each as it is alone', async () => {
      // Lengths 1 to 270: the longest crosses the local window, the shortest is all padding but one token.
      const long = (reference.cases.find((c) => c.inputIds.length > WINDOW)?.inputIds ?? []).slice(0, WINDOW + 14);
      const batch = [prompts[2], [prompts[1][0]], long, prompts[1]];
      const expected: Track[] = [];
      for (const prompt of batch) {
        expected.push(await alone(prompt, 5));
      }

      const rows = await sut.prefillMany(batch.map((promptIds, i) => ({ sequenceId: nextId + i, promptIds })));
      const tracks = rows.map((row, i) => ({ id: nextId + i, tokens: [argmax(row)], rows: [row.slice()] }));
      nextId += batch.length;
      for (let s = 0; s < 5; s++) {
        await stepGreedy(tracks);
      }

      expect(sut.batchesPrompts).toBe(true);
      expect(long).toHaveLength(WINDOW + 14);
      tracks.forEach((t, i) => expectSameTrack(t, expected[i]));
    });

    it('should refuse a prompt batch with a repeated, running or surplus sequence and start none of it', async () => {
      const running = await start(prompts[0]);
      const id = nextId;
      nextId += 4;

      await expect(
        sut.prefillMany([
          { sequenceId: id, promptIds: prompts[1] },
          { sequenceId: id, promptIds: prompts[2] },
        ]),
      ).rejects.toThrow(`Sequence ${id} is already running`);
      await expect(
        sut.prefillMany([
          { sequenceId: id, promptIds: prompts[1] },
          { sequenceId: running.id, promptIds: prompts[2] },
        ]),
      ).rejects.toThrow(`Sequence ${running.id} is already running`);
      await expect(
        sut.prefillMany([1, 2, 3, 4].map((k) => ({ sequenceId: id + k, promptIds: prompts[1] }))),
      ).rejects.toThrow('At most 4 sequences can run at once (maxSequences)');
      await expect(sut.prefillMany([{ sequenceId: id, promptIds: [] }])).rejects.toThrow(/1 to \d+ tokens/);
      expect(sut.liveSequences).toBe(1);
    });

    it('should step any subset of the live sequences, in any order', async () => {
      const expected = [await alone(prompts[0], 4), await alone(prompts[1], 2), await alone(prompts[2], 4)];
      const tracks = [await start(prompts[0]), await start(prompts[1]), await start(prompts[2])];
      for (let s = 0; s < 2; s++) {
        await stepGreedy([tracks[2], tracks[0]]);
      }
      for (let s = 0; s < 2; s++) {
        await stepGreedy([tracks[1], tracks[2], tracks[0]]);
      }

      tracks.forEach((t, i) => expectSameTrack(t, expected[i]));
    });
  });

  describe('limits', () => {
    let small: FusedBatchDecoder;

    beforeAll(async () => {
      small = await FusedBatchDecoder.create(BUNDLED_MODEL_DIR, {
        maxSequences: 2,
        maxSequenceLength: 8,
        sessionOptions: SESSION_OPTIONS,
      });
    });

    afterAll(async () => {
      await small.dispose();
    });

    it('should throw a clear error when a sequence would exceed maxSequenceLength', async () => {
      await expect(small.prefill(101, prompts[0].slice(0, 9))).rejects.toThrow(/maxSequenceLength/);
      await small.prefill(102, prompts[0].slice(0, 6));
      await small.step([{ sequenceId: 102, token: 1 }]);
      await small.step([{ sequenceId: 102, token: 2 }]);

      await expect(small.step([{ sequenceId: 102, token: 3 }])).rejects.toThrow(
        'Sequence 102 would exceed maxSequenceLength (8 positions)',
      );
      small.release(102);
      expect(small.liveSequences).toBe(0);
    });

    it('should throw a clear error beyond maxSequences and accept a new sequence once one is released', async () => {
      await small.prefill(201, [1, 2]);
      await small.prefill(202, [3]);

      await expect(small.prefill(203, [4])).rejects.toThrow('At most 2 sequences can run at once (maxSequences)');
      small.release(201);
      await expect(small.prefill(203, [4])).resolves.toHaveLength(small.config.vocabSize);
      small.release(202);
      small.release(203);
    });

    it('should reject a step for a sequence that is not running', async () => {
      await expect(small.step([{ sequenceId: 999, token: 1 }])).rejects.toThrow('Sequence 999 is not running');
    });
  });

  describe('create', () => {
    let folder: string;

    beforeEach(async () => {
      folder = await mkdtemp(join(tmpdir(), 'fused-decoder-'));
      await copyFile(join(BUNDLED_MODEL_DIR, 'config.json'), join(folder, 'config.json'));
    });

    afterEach(async () => {
      await rm(folder, { recursive: true, force: true });
    });

    it('should fail with ModelLoadError when the engine file is missing', async () => {
      const error = await FusedBatchDecoder.create(folder, { maxSequences: 1 }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ModelLoadError);
      expect(error).toMatchObject({ code: ModelLoadErrorCode.FileMissing });
      expect(String(error)).toMatch(/model_engine\.onnx.*engine_graph\.py/);
    });

    it('should fail with ModelLoadError when the engine file is the standard decoder-with-past export', async () => {
      const error = await FusedBatchDecoder.create(BUNDLED_MODEL_DIR, {
        maxSequences: 1,
        engineFile: 'onnx/model.onnx',
      }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ModelLoadError);
      expect(error).toMatchObject({ code: ModelLoadErrorCode.OnnxInterfaceMismatch });
      expect(String(error)).toMatch(/missing inputs seqlens_k, total_sequence_length/);
    });
  });
});
