import { InferenceSession } from 'onnxruntime-node';

export const INFERENCE_DEVICES = ['auto', 'cpu', 'webgpu', 'cuda'] as const;
export type InferenceDevice = (typeof INFERENCE_DEVICES)[number];
export type ExecutionProvider = Exclude<InferenceDevice, 'auto'>;

/** Auto tries the fastest first and settles for the CPU, which is always there. */
const AUTO_ORDER: readonly ExecutionProvider[] = ['cuda', 'webgpu', 'cpu'];

export interface SessionRequest {
  readonly device: InferenceDevice;
  /** onnxruntime intra-op threads on the CPU; 0 lets onnxruntime choose. */
  readonly cpuThreads: number;
  /** Outputs to keep on the device between steps (the KV cache) when the provider is a GPU. */
  readonly deviceResidentOutputs?: readonly string[];
}

export interface OpenedSession {
  readonly session: InferenceSession;
  readonly provider: ExecutionProvider;
  /** Providers tried before the one that worked, with why each failed (for the log). */
  readonly rejected: ReadonlyArray<{ provider: ExecutionProvider; reason: string }>;
}

/** Session options for one provider; with WebGPU the KV cache stays in GPU buffers between steps. */
export function sessionOptionsFor(
  provider: ExecutionProvider,
  request: SessionRequest,
): InferenceSession.SessionOptions {
  const base: InferenceSession.SessionOptions = {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    ...(request.cpuThreads > 0 ? { intraOpNumThreads: request.cpuThreads } : {}),
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
 * Opens a session on the requested device. `auto` tries CUDA, then WebGPU, then the CPU and reports
 * why the faster ones were not taken; an explicit device that fails is an error, not a silent fallback.
 */
export async function openSession(path: string, request: SessionRequest): Promise<OpenedSession> {
  const candidates = request.device === 'auto' ? AUTO_ORDER : [request.device];
  const rejected: Array<{ provider: ExecutionProvider; reason: string }> = [];
  for (const provider of candidates) {
    try {
      const session = await InferenceSession.create(path, sessionOptionsFor(provider, request));
      return { session, provider, rejected };
    } catch (error) {
      rejected.push({ provider, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  const reasons = rejected.map((r) => `${r.provider}: ${r.reason}`).join('; ');
  throw new Error(`No execution provider could load ${path} (${reasons})`);
}
