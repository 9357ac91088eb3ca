/** Errors of the socket edge itself, before any domain service is involved. */
export enum GatewayErrorCode {
  Unauthorized = 'UNAUTHORIZED',
  InvalidPayload = 'INVALID_PAYLOAD',
  UnknownEvent = 'UNKNOWN_EVENT',
}

export class GatewayError extends Error {
  constructor(
    readonly code: GatewayErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}
