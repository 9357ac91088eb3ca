import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseGptNeoConfig } from '../model/gpt-neo-config';
import { type TensorEntry, f32, safetensorsBytes } from '../testing/safetensors-writer';
import { gptNeoWeightsFromCheckpoint } from './checkpoint-engine-graph';
import { OnnxFormatError } from './onnx-model';
import { SafetensorsFile } from './safetensors';

const CHECKPOINT = join(__dirname, '__fixtures__', 'tiny-gpt-neo-checkpoint');
const config = parseGptNeoConfig(JSON.parse(readFileSync(join(CHECKPOINT, 'config.json'), 'utf8')), 'config.json');

function halves(dtype: string, shape: number[], bits: number[]): TensorEntry {
  return { dtype, shape, bytes: new Uint8Array(Uint16Array.from(bits).buffer) };
}

/** The fixture checkpoint's tensors, to be edited. */
function fixtureTensors(): Map<string, TensorEntry> {
  const file = SafetensorsFile.parse(readFileSync(join(CHECKPOINT, 'model.safetensors')));
  return new Map(
    [...file.entries].map(([name, entry]) => [name, f32(entry.shape, file.floats(name) as Float32Array)] as const),
  );
}

describe(SafetensorsFile.name, () => {
  it('should decode F32, F16 and BF16 tensors, at any byte offset, and skip the metadata', () => {
    const bytes = safetensorsBytes(
      new Map([
        ['half', halves('F16', [3], [0x3c00, 0xc000, 0x3555])],
        ['brain', halves('BF16', [2], [0x3f80, 0x4049])],
        ['single', f32([2, 2], Float32Array.of(0.5, -1.25, 3, 1e-8))],
      ]),
      { format: 'pt' },
    );
    const file = SafetensorsFile.parse(bytes);

    expect([...file.entries.keys()]).toEqual(['half', 'brain', 'single']);
    expect(Array.from(file.floats('half') as Float32Array)).toEqual([1, -2, expect.closeTo(0.33325, 5)]);
    expect(Array.from(file.floats('brain') as Float32Array)).toEqual([1, 3.140625]);
    // 'single' starts at byte 10 of the data: not 4-byte aligned.
    expect(Array.from(file.floats('single') as Float32Array)).toEqual([0.5, -1.25, 3, Math.fround(1e-8)]);
    expect(file.entries.get('single')?.shape).toEqual([2, 2]);
    expect(file.floats('absent')).toBeUndefined();
  });

  it.each([
    ['a file shorter than its header length', () => Buffer.alloc(5), /too short for a safetensors header/],
    [
      'a header length past the end of the file',
      () => Buffer.concat([Buffer.from([0xff, 0xff, 0, 0, 0, 0, 0, 0]), Buffer.from('{}')]),
      /declares a 65535 byte header, more than the file holds/,
    ],
    [
      'a header that is not JSON',
      () => Buffer.concat([Buffer.from([4, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('{no]')]),
      /its header is not UTF-8 JSON/,
    ],
    [
      'a JSON array for a header',
      () => Buffer.concat([Buffer.from([2, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('[]')]),
      /its header is not a JSON object/,
    ],
    [
      'a tensor without offsets',
      () => withHeader({ w: { dtype: 'F32', shape: [1] } }, 4),
      /tensor "w" has no valid dtype, shape and data_offsets/,
    ],
    [
      'a tensor outside the file',
      () => withHeader({ w: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, 8),
      /tensor "w" lies outside the file \(bytes 0..16 of 8\)/,
    ],
    [
      'a byte count that does not match the shape',
      () => withHeader({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, 8),
      /tensor "w" holds 8 bytes, its shape \[3\] needs 12/,
    ],
    [
      'overlapping tensors',
      () =>
        withHeader(
          {
            a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
            b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
          },
          12,
        ),
      /tensors "a" and "b" overlap/,
    ],
  ])('should refuse %s with the reason', (_, make, message) => {
    expect(() => SafetensorsFile.parse(make(), 'model.safetensors')).toThrow(OnnxFormatError);
    expect(() => SafetensorsFile.parse(make(), 'model.safetensors')).toThrow(message);
  });

  it('should open a file with integer tensors but refuse to read them as weights', () => {
    const file = SafetensorsFile.parse(withHeader({ steps: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, 8));

    expect(() => file.floats('steps')).toThrow(/tensor "steps" is I64; weights must be F32, F16 or BF16/);
  });
});

describe(gptNeoWeightsFromCheckpoint.name, () => {
  const weightsOf = (tensors: Map<string, TensorEntry>) =>
    gptNeoWeightsFromCheckpoint(SafetensorsFile.parse(safetensorsBytes(tensors)), config, 1e-5);

  it("should read GPTNeoModel's names too (no transformer. prefix) and accept a stored lm_head equal to the embedding", () => {
    const tensors = fixtureTensors();
    const withPrefix = weightsOf(tensors);
    const bare = new Map([...tensors].map(([name, entry]) => [name.replace(/^transformer\./, ''), entry] as const));
    const tied = new Map([...tensors, ['lm_head.weight', tensors.get('transformer.wte.weight') as TensorEntry]]);

    expect(weightsOf(bare)).toEqual(withPrefix);
    expect(weightsOf(tied)).toEqual(withPrefix);
    expect(withPrefix.layers).toHaveLength(config.numLayers);
    expect(withPrefix.innerSize).toBe(4 * config.hiddenSize);
  });

  it('should name a missing tensor', () => {
    const tensors = fixtureTensors();
    tensors.delete('transformer.h.2.mlp.c_proj.bias');

    expect(() => weightsOf(tensors)).toThrow(/no tensor transformer.h.2.mlp.c_proj.bias/);
  });

  it('should refuse a tensor whose shape does not fit config.json', () => {
    const tensors = fixtureTensors();
    tensors.set('transformer.h.0.attn.attention.q_proj.weight', f32([16, 32], new Float32Array(512)));

    expect(() => weightsOf(tensors)).toThrow(
      /transformer.h.0.attn.attention.q_proj.weight is \[16, 32\], config.json implies \[32, 32\]/,
    );
  });

  it('should refuse an output layer that is not the tied embedding', () => {
    const tensors = fixtureTensors();
    const wte = tensors.get('transformer.wte.weight') as TensorEntry;
    const other = new Float32Array(new Float32Array(wte.bytes.slice().buffer));
    other[7] += 1;
    tensors.set('lm_head.weight', f32(wte.shape, other));

    expect(() => weightsOf(tensors)).toThrow(/lm_head.weight differs from the token embedding/);
  });
});

function withHeader(header: Record<string, unknown>, dataBytes: number): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([length, json, Buffer.alloc(dataBytes)]);
}
