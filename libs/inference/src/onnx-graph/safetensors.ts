import { CHECKPOINT_FILE } from '../model/model-files';
import { OnnxFormatError, halfToFloat } from './onnx-model';

/** The largest header a checkpoint may declare (the format's own readers cap it at 100 MB). */
const MAX_HEADER_BYTES = 100 * 1024 * 1024;

const ITEM_BYTES = { F32: 4, F16: 2, BF16: 2 } as const;
type FloatDtype = keyof typeof ITEM_BYTES;

/** One tensor of a safetensors file: where its bytes are, not yet decoded. */
export interface SafetensorsEntry {
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly begin: number;
  readonly end: number;
}

/**
 * A safetensors file (an 8-byte little-endian header length, a JSON header naming every tensor's dtype, shape
 * and byte range, then the bytes), checked as it is opened: a header that is not JSON, a range outside the
 * file, overlapping ranges or a byte count that does not match the shape is a clear error, never a garbled
 * weight. Values are decoded on demand to float32 (from F32, F16 or BF16).
 */
export class SafetensorsFile {
  private constructor(
    private readonly bytes: Uint8Array,
    private readonly dataStart: number,
    readonly entries: ReadonlyMap<string, SafetensorsEntry>,
  ) {}

  static parse(bytes: Uint8Array, file = CHECKPOINT_FILE): SafetensorsFile {
    const fail = (detail: string): never => {
      throw new OnnxFormatError(`${file}: ${detail}`);
    };
    if (bytes.byteLength < 8) {
      fail(`is ${bytes.byteLength} bytes, too short for a safetensors header`);
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const headerBytes = view.getBigUint64(0, true);
    if (headerBytes > BigInt(Math.min(MAX_HEADER_BYTES, bytes.byteLength - 8))) {
      fail(`declares a ${headerBytes} byte header, more than the file holds (or than 100 MB)`);
    }
    const dataStart = 8 + Number(headerBytes);
    let header: unknown;
    try {
      header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, dataStart)));
    } catch (error) {
      return fail(`its header is not UTF-8 JSON (${String(error)})`);
    }
    if (typeof header !== 'object' || header === null || Array.isArray(header)) {
      fail('its header is not a JSON object');
    }
    const dataBytes = bytes.byteLength - dataStart;
    const entries = new Map<string, SafetensorsEntry>();
    for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
      if (name === '__metadata__') {
        continue;
      }
      const entry = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
      const { dtype, shape, data_offsets: offsets } = entry ?? {};
      const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
      if (
        typeof dtype !== 'string' ||
        !Array.isArray(shape) ||
        !shape.every(isCount) ||
        !Array.isArray(offsets) ||
        offsets.length !== 2 ||
        !offsets.every(isCount)
      ) {
        fail(`tensor ${JSON.stringify(name)} has no valid dtype, shape and data_offsets`);
      }
      const [begin, end] = offsets as number[];
      if (begin > end || end > dataBytes) {
        fail(`tensor ${JSON.stringify(name)} lies outside the file (bytes ${begin}..${end} of ${dataBytes})`);
      }
      const itemBytes = ITEM_BYTES[dtype as FloatDtype] as number | undefined;
      const count = (shape as number[]).reduce((product, dim) => product * dim, 1);
      if (itemBytes !== undefined && count * itemBytes !== end - begin) {
        fail(
          `tensor ${JSON.stringify(name)} holds ${end - begin} bytes, its shape [${String(shape)}] needs ${count * itemBytes}`,
        );
      }
      entries.set(name, { dtype: dtype as string, shape: shape as number[], begin, end });
    }
    const ranges = [...entries.entries()].sort((a, b) => a[1].begin - b[1].begin);
    for (let i = 1; i < ranges.length; i++) {
      if (ranges[i][1].begin < ranges[i - 1][1].end) {
        fail(`tensors ${JSON.stringify(ranges[i - 1][0])} and ${JSON.stringify(ranges[i][0])} overlap`);
      }
    }
    return new SafetensorsFile(bytes, dataStart, entries);
  }

  /** A tensor's values as float32, or undefined when the file has no tensor of that name. */
  floats(name: string): Float32Array | undefined {
    const entry = this.entries.get(name);
    if (entry === undefined) {
      return undefined;
    }
    const raw = this.bytes.subarray(this.dataStart + entry.begin, this.dataStart + entry.end);
    // A copy into aligned memory: offsets inside the file need not be multiples of the item size.
    const aligned = new Uint8Array(raw);
    switch (entry.dtype) {
      case 'F32':
        return new Float32Array(aligned.buffer);
      case 'F16': {
        const halves = new Uint16Array(aligned.buffer);
        return Float32Array.from(halves, halfToFloat);
      }
      case 'BF16': {
        const halves = new Uint16Array(aligned.buffer);
        const words = new Uint32Array(halves.length);
        halves.forEach((half, i) => (words[i] = half << 16));
        return new Float32Array(words.buffer);
      }
      default:
        throw new OnnxFormatError(`tensor ${JSON.stringify(name)} is ${entry.dtype}; weights must be F32, F16 or BF16`);
    }
  }
}
