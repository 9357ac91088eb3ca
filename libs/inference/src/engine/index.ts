export * from './batch-decoder';
export * from './engine-metrics';
export * from './engine.error';
export * from './execution-provider';
export * from './fused-batch-decoder';
export * from './generation-scheduler';
export * from './inference-engine';
export * from './standard-batch-decoder';
