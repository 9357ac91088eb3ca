export * from './onnx-model';
export * from './logsumexp-output';
export * from './quantize-weights';
export * from './engine-graph-cache';
export * from './engine-graph-builder';
export * from './gpt-neo-weights';
export * from './derive-engine-graph';
