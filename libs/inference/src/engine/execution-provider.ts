import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { InferenceSession, listSupportedBackends } from 'onnxruntime-node';

export const INFERENCE_DEVICES = ['auto', 'cpu', 'webgpu', 'cuda'] as const;
export type InferenceDevice = (typeof INFERENCE_DEVICES)[number];
export type ExecutionProvider = Exclude<InferenceDevice, 'auto'>;

/** Auto tries the fastest first and settles for the CPU, which is always there. */
const AUTO_ORDER: readonly ExecutionProvider[] = ['cuda', 'webgpu', 'cpu'];

export interface SessionRequest {
  readonly device: InferenceDevice;
  /**
   * onnxruntime intra-op threads on the CPU; 0 means one per CPU this process may run on. The count is always
   * passed explicitly: left to itself, onnxruntime pins one thread per physical core, and its pool then
   * competes with the unpinned thread that Node's binding runs the session from (measured on a 2-core VM:
   * a GPT-Neo-125M decode step 40% slower, a 2048^3 MatMul at 171 instead of 230-250 GFLOP/s).
   */
  readonly cpuThreads: number;
  /**
   * Whether idle intra-op threads spin (default) or sleep between operators. Spinning is faster (waking a
   * sleeping thread costs every parallel operator: about 20% on an int8 GPT-Neo-125M step here) but burns
   * the cores while waiting, so a worker that shares its cores (the embedded one) turns it off.
   */
  readonly cpuSpinning?: boolean;
  /** Outputs to keep on the device between steps (the KV cache) when the provider is a GPU. */
  readonly deviceResidentOutputs?: readonly string[];
}

/** Session options for one provider; with WebGPU the KV cache stays in GPU buffers between steps. */
export function sessionOptionsFor(
  provider: ExecutionProvider,
  request: SessionRequest,
): InferenceSession.SessionOptions {
  const base: InferenceSession.SessionOptions = {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    ...(request.cpuSpinning === false ? { extra: { session: { intra_op: { allow_spinning: '0' } } } } : {}),
    intraOpNumThreads: request.cpuThreads > 0 ? request.cpuThreads : availableParallelism(),
  };
  if (provider === 'webgpu' && request.deviceResidentOutputs !== undefined) {
    const location: Record<string, 'gpu-buffer'> = {};
    for (const name of request.deviceResidentOutputs) {
      location[name] = 'gpu-buffer';
    }
    return { ...base, preferredOutputLocation: location };
  }
  return base;
}

/**
 * The providers to try for a device, fastest first, and the ones skipped without trying (with why).
 * `auto` skips CUDA when its provider library was not installed (onnxruntime-node ships it separately)
 * instead of letting onnxruntime log a load failure; an explicit device is always tried.
 */
export function providerCandidates(device: InferenceDevice): {
  candidates: ExecutionProvider[];
  skipped: Array<{ provider: ExecutionProvider; reason: string }>;
} {
  if (device !== 'auto') {
    return { candidates: [device], skipped: [] };
  }
  const skipped: Array<{ provider: ExecutionProvider; reason: string }> = [];
  const candidates = AUTO_ORDER.filter((provider) => {
    if (provider === 'cuda' && !cudaProviderInstalled()) {
      skipped.push({ provider, reason: 'the CUDA provider library is not installed with onnxruntime-node' });
      return false;
    }
    return true;
  });
  return { candidates, skipped };
}

function cudaProviderInstalled(): boolean {
  const backend = listSupportedBackends().find((candidate) => candidate.name === 'cuda');
  if (backend?.bundled === true) {
    return true;
  }
  // onnxruntime-node's install step (ONNXRUNTIME_NODE_INSTALL=cuda12) puts it next to the native binding.
  const binding = dirname(require.resolve('onnxruntime-node/package.json'));
  const folder = join(binding, 'bin', `napi-v6`, process.platform, process.arch);
  return existsSync(join(folder, 'libonnxruntime_providers_cuda.so'));
}
