/**
 * @jest-environment ./libs/inference/src/testing/onnxruntime-node.environment.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { BUNDLED_MODEL_DIR, logitsRow, maxAbsDiff } from './__fixtures__/bundled-model';
import { GptNeoDecoder } from './gpt-neo-decoder';
import { LoadedModel, ModelFolderLoader } from './model-folder.loader';

interface ReferenceCase {
  readonly name: string;
  readonly inputIds: readonly number[];
  readonly positions: readonly number[];
  readonly logitsHead: readonly (readonly number[])[];
  readonly topIds: readonly (readonly number[])[];
  readonly topLogits: readonly (readonly number[])[];
}

interface Reference {
  readonly localAttentionEffect: { readonly maxAbsDiffAfter256: number; readonly maxAbsDiffBefore256: number };
  readonly cases: readonly ReferenceCase[];
}

const TOLERANCE = 1e-4;

// The ONNX graph run by onnxruntime-node must compute what the PyTorch module computed.
describe(GptNeoDecoder.name, () => {
  const reference = JSON.parse(readFileSync(join(BUNDLED_MODEL_DIR, 'reference', 'logits.json'), 'utf8')) as Reference;
  let model: LoadedModel;

  beforeAll(async () => {
    model = await new ModelFolderLoader().load(BUNDLED_MODEL_DIR);
  });

  afterAll(async () => {
    await model.decoder.session.release();
  });

  it('should have a reference input longer than the 256-token local window, where the window changes the logits', () => {
    expect(Math.max(...reference.cases.map((c) => c.inputIds.length))).toBeGreaterThan(256);
    // Otherwise the long case could not tell a windowed local attention from a global one.
    expect(reference.localAttentionEffect.maxAbsDiffAfter256).toBeGreaterThan(100 * TOLERANCE);
    expect(reference.localAttentionEffect.maxAbsDiffBefore256).toBe(0);
  });

  it.each(reference.cases.map((c) => [c.name, c] as const))(
    'should reproduce the PyTorch logits of the %s case within 1e-4',
    async (_name, c) => {
      const sut = model.decoder;
      const n = c.inputIds.length;

      const out = await sut.run({
        inputIds: [c.inputIds],
        attentionMask: [Array.from({ length: n }, () => 1)],
        positionIds: [Array.from({ length: n }, (_, i) => i)],
        past: null,
      });

      expect(out.dims).toEqual([1, n, 50257]);
      c.positions.forEach((position, i) => {
        const row = logitsRow(out.logits, out.dims, 0, position);
        expect(maxAbsDiff(row.subarray(0, c.logitsHead[i].length), c.logitsHead[i])).toBeLessThanOrEqual(TOLERANCE);
        expect(
          maxAbsDiff(
            c.topIds[i].map((id) => row[id]),
            c.topLogits[i],
          ),
        ).toBeLessThanOrEqual(TOLERANCE);
        expect(row.indexOf(Math.max(...row))).toBe(c.topIds[i][0]);
      });
    },
  );
});
