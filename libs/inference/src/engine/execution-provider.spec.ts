import { availableParallelism } from 'node:os';
import { sessionOptionsFor } from './execution-provider';

describe(sessionOptionsFor.name, () => {
  it('should let idle threads spin unless told to sleep, and always name the thread count', () => {
    expect(sessionOptionsFor('cpu', { device: 'cpu', cpuThreads: 0 })).toEqual({
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      intraOpNumThreads: availableParallelism(),
    });
    expect(sessionOptionsFor('cpu', { device: 'cpu', cpuThreads: 2, cpuSpinning: false })).toEqual({
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      intraOpNumThreads: 2,
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    });
  });

  it('should keep the named outputs in GPU buffers with WebGPU only', () => {
    const outputs = ['present.0.key', 'present.0.value'];
    expect(sessionOptionsFor('webgpu', { device: 'webgpu', cpuThreads: 0, deviceResidentOutputs: outputs })).toEqual({
      executionProviders: ['webgpu'],
      graphOptimizationLevel: 'all',
      intraOpNumThreads: availableParallelism(),
      preferredOutputLocation: { 'present.0.key': 'gpu-buffer', 'present.0.value': 'gpu-buffer' },
    });
    expect(
      sessionOptionsFor('cpu', { device: 'cpu', cpuThreads: 0, deviceResidentOutputs: outputs }),
    ).not.toHaveProperty('preferredOutputLocation');
  });
});
