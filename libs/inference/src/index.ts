export * from './model';
export * from './generation';
export * from './engine';
export * from './onnx-graph';
