/** Injection token for the typed, frozen WorkerConfig. */
export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
