/** socket.io namespaces of the gateway. `/worker` is reserved for inference workers (not served yet). */
export const REALTIME_NAMESPACES = {
  visitor: '/visitor',
  agent: '/agent',
  worker: '/worker',
} as const;
export type RealtimeNamespace = (typeof REALTIME_NAMESPACES)[keyof typeof REALTIME_NAMESPACES];

/** Largest socket.io packet the gateway accepts; a bigger one closes the connection. */
export const MAX_REALTIME_PAYLOAD_BYTES = 64 * 1024;
