export * from './generation.error';
export * from './generation-params';
export * from './prng';
export * from './prompt-builder';
export * from './sampler';
export * from './text-streamer';
export * from './token-probability';
