export enum MetricsErrorCode {
  /** No METRICS_TOKEN, and the request did not come straight from this host. */
  LoopbackOnly = 'METRICS_LOOPBACK_ONLY',
}

export class MetricsError extends Error {
  constructor(
    readonly code: MetricsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MetricsError';
  }
}
