export * from './ack';
export * from './events';
export * from './namespaces';
export * from './payloads';
