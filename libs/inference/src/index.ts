export * from './model';
export * from './generation';
export * from './engine';
