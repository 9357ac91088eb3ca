/**
 * @jest-environment ./libs/inference/src/testing/onnxruntime-node.environment.ts
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLED_MODEL_DIR } from '../model/__fixtures__/bundled-model';
import { InferenceEngine } from './inference-engine';

const silent = { log: () => undefined, warn: () => undefined };
const METADATA = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json'];
const params = { maxNewTokens: 16, temperature: 0, topK: 0, topP: 1, repetitionPenalty: 1, stop: [] };

/** Minimal protobuf editing: appends a bool graph input named `use_cache_branch`, as optimum's merged decoders have. */
function withUseCacheBranchInput(model: Buffer): Buffer {
  const fields = readFields(model);
  const graph = fields.find((field) => field.number === 7);
  if (graph === undefined) {
    throw new Error('no graph in the model');
  }
  // ValueInfoProto { name: 1, type: 2 { tensor_type: 1 { elem_type: 1 = BOOL(9), shape: 2 { dim: 1 { dim_value: 1 = 1 } } } } }
  const dim = message(1, Buffer.concat([varintField(1, 1)]));
  const shape = message(2, dim);
  const tensorType = message(1, Buffer.concat([varintField(1, 9), shape]));
  const type = message(2, tensorType);
  const valueInfo = message(11, Buffer.concat([stringField(1, 'use_cache_branch'), type]));
  const newGraph = Buffer.concat([graph.value, valueInfo]);
  return Buffer.concat(fields.map((field) => (field === graph ? message(7, newGraph) : field.raw)));
}

interface Field {
  number: number;
  value: Buffer;
  raw: Buffer;
}

function readFields(buffer: Buffer): Field[] {
  const fields: Field[] = [];
  let offset = 0;
  while (offset < buffer.length) {
    const start = offset;
    const [key, afterKey] = readVarint(buffer, offset);
    const wireType = key & 7;
    let end: number;
    let value: Buffer;
    if (wireType === 0) {
      end = readVarint(buffer, afterKey)[1];
      value = buffer.subarray(afterKey, end);
    } else if (wireType === 2) {
      const [length, afterLength] = readVarint(buffer, afterKey);
      end = afterLength + length;
      value = buffer.subarray(afterLength, end);
    } else {
      throw new Error(`unexpected wire type ${wireType}`);
    }
    fields.push({ number: key >>> 3, value, raw: buffer.subarray(start, end) });
    offset = end;
  }
  return fields;
}

function readVarint(buffer: Buffer, offset: number): [number, number] {
  let result = 0;
  let shift = 0;
  let position = offset;
  for (;;) {
    const byte = buffer[position++];
    result += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) {
      return [result, position];
    }
    shift += 7;
  }
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

function message(number: number, payload: Buffer): Buffer {
  return Buffer.concat([varint((number << 3) | 2), varint(payload.length), payload]);
}

function stringField(number: number, text: string): Buffer {
  return message(number, Buffer.from(text, 'utf8'));
}

function varintField(number: number, value: number): Buffer {
  return Buffer.concat([varint(number << 3), varint(value)]);
}

describe('model folder layouts', () => {
  const folders: string[] = [];
  let expected: number[];
  let promptIds: number[];

  function folderWith(file: string, onnx: Buffer): string {
    const folder = mkdtempSync(join(tmpdir(), 'neodesk-layout-'));
    folders.push(folder);
    for (const name of METADATA) {
      copyFileSync(join(BUNDLED_MODEL_DIR, name), join(folder, name));
    }
    mkdirSync(join(folder, file, '..'), { recursive: true });
    writeFileSync(join(folder, file), onnx);
    return folder;
  }

  async function greedyTokens(
    folder: string,
    decoder: 'auto' | 'standard' = 'auto',
  ): Promise<{ tokens: number[]; decoder: string }> {
    const sut = await InferenceEngine.load(
      folder,
      { device: 'cpu', cpuThreads: 0, maxBatchSize: 2, maxQueued: 2, decoder },
      silent,
    );
    try {
      const [a, b] = await Promise.all([sut.generate({ promptIds, params }), sut.generate({ promptIds, params })]);
      expect(b.tokenIds).toEqual(a.tokenIds);
      return { tokens: a.tokenIds, decoder: sut.description.decoder };
    } finally {
      await sut.close('cancel');
    }
  }

  beforeAll(async () => {
    const reference = await InferenceEngine.load(
      BUNDLED_MODEL_DIR,
      { device: 'cpu', cpuThreads: 0, maxBatchSize: 1, maxQueued: 1, decoder: 'standard' },
      silent,
    );
    promptIds = reference.tokenizer.encodeChatPrompt([{ speaker: 'customer', text: 'I want to return my order' }]);
    expected = (await reference.generate({ promptIds, params })).tokenIds;
    await reference.close('cancel');
  });

  afterAll(() => {
    for (const folder of folders) {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('should load a bare export with model.onnx at the folder root, and derive the engine graph from it', async () => {
    const folder = folderWith('model.onnx', readFileSync(join(BUNDLED_MODEL_DIR, 'onnx', 'model.onnx')));
    expect(await greedyTokens(folder, 'standard')).toEqual({ tokens: expected, decoder: 'standard' });
    expect(await greedyTokens(folder)).toEqual({ tokens: expected, decoder: 'fused' });
  });

  it('should derive the fused engine graph when the folder has only the standard export', async () => {
    const folder = folderWith('onnx/model.onnx', readFileSync(join(BUNDLED_MODEL_DIR, 'onnx', 'model.onnx')));
    expect(await greedyTokens(folder)).toEqual({ tokens: expected, decoder: 'fused' });
    // Derived once, then read from the cache next to the model.
    expect(readdirSync(join(folder, '.neodesk-cache')).some((file) => file.includes('-derived-'))).toBe(true);
  });

  it('should load a merged decoder and feed its use_cache_branch input', async () => {
    // The standard decoder on it; the derivation from a real merged decoder (an If) is derive-engine-graph.spec's.
    const merged = withUseCacheBranchInput(readFileSync(join(BUNDLED_MODEL_DIR, 'onnx', 'model.onnx')));
    const folder = folderWith('onnx/decoder_model_merged.onnx', merged);
    expect(await greedyTokens(folder, 'standard')).toEqual({ tokens: expected, decoder: 'standard' });
  });
});
