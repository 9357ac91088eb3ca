import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { addLogSumExpOutput } from './logsumexp-output';
import { readOnnxModel, setMetadata, writeOnnxModel } from './onnx-model';
import { type QuantizeReport, type WeightDtype, quantizeWeights } from './quantize-weights';

/** Bumped whenever prepareEngineGraph writes different graphs: older cached files are then rebuilt. */
export const PREPARE_VERSION = 1;

/** Where a model folder's derived graphs go unless a cache directory is given (the folder's own). */
export const MODEL_CACHE_DIR = '.neodesk-cache';

export interface PreparedGraph {
  /** Absolute path of the prepared graph. */
  path: string;
  /** Whether this call wrote it (false: found in the cache). */
  built: boolean;
  /** What the quantizer did, when it ran (not for fp32). */
  report?: QuantizeReport;
  /** Time spent hashing, and quantizing when it ran. */
  ms: number;
}

/**
 * The serving variant of an engine graph file: its `logits_logsumexp` output added (addLogSumExpOutput) and,
 * unless `dtype` is fp32, its weights quantized (quantizeWeights). From the cache when one was written from
 * the same bytes (keyed by the source's SHA-256, the dtype and PREPARE_VERSION), else made now and cached.
 * `cacheDir` defaults to `.neodesk-cache` in the model folder; when that cannot be written (a read-only model
 * volume), the system's temporary directory is used.
 */
export function preparedEngineGraph(
  source: string,
  dtype: 'fp32' | WeightDtype,
  options: CacheOptions,
): Promise<PreparedGraph> {
  return cachedDerivative(source, `${dtype}-v${PREPARE_VERSION}`, options, (bytes, hash) => {
    const model = readOnnxModel(bytes);
    addLogSumExpOutput(model);
    const report = dtype === 'fp32' ? undefined : quantizeWeights(model, dtype);
    setMetadata(model, 'neodesk_source_sha256', hash);
    return Promise.resolve({ bytes: writeOnnxModel(model), report });
  });
}

export interface CacheOptions {
  modelDir: string;
  cacheDir?: string;
}

/**
 * A file made from `source` by `make`, cached as `engine-<source hash>-<variant>.onnx` in the cache directory
 * (or, when that default cannot be written, the system's temporary directory) and written atomically, so
 * that workers starting together see a whole file or none.
 */
export async function cachedDerivative(
  source: string,
  variant: string,
  options: CacheOptions,
  make: (bytes: Buffer, hash: string) => Promise<{ bytes: Uint8Array; report?: QuantizeReport }>,
): Promise<PreparedGraph> {
  const started = performance.now();
  const hash = await sha256(source);
  const fileName = `engine-${hash.slice(0, 16)}-${variant}.onnx`;
  const dirs = [
    resolve(options.cacheDir ?? join(options.modelDir, MODEL_CACHE_DIR)),
    join(tmpdir(), 'neodesk-model-cache'),
  ];
  for (const dir of dirs) {
    if (await exists(join(dir, fileName))) {
      return { path: join(dir, fileName), built: false, ms: performance.now() - started };
    }
  }
  const { bytes, report } = await make(await readFile(source), hash);
  let lastError: unknown;
  for (const dir of options.cacheDir === undefined ? dirs : dirs.slice(0, 1)) {
    const target = join(dir, fileName);
    const partial = `${target}.${process.pid}.partial`;
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(partial, bytes);
      await rename(partial, target);
      return { path: target, built: true, report, ms: performance.now() - started };
    } catch (error) {
      lastError = error;
      await rm(partial, { force: true }).catch(() => undefined);
    }
  }
  throw new Error(`cannot write ${fileName} into ${dirs.join(' or ')}: ${String(lastError)}`, { cause: lastError });
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

function sha256(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
