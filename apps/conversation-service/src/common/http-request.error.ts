/** Requests refused before any route sees them: what the body or its headers are, not what they say. */
export enum HttpRequestErrorCode {
  MalformedJson = 'MALFORMED_JSON',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
}

export class HttpRequestError extends Error {
  constructor(
    readonly code: HttpRequestErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HttpRequestError';
  }
}
