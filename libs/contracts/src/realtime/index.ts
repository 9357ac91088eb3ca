export * from './ack';
export * from './events';
export * from './namespaces';
export * from './payloads';
export * from './worker-payloads';
export * from './transcript';
