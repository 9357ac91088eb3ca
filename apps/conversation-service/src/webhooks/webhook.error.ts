export enum WebhookErrorCode {
  NotFound = 'WEBHOOK_NOT_FOUND',
  DeliveryNotFound = 'WEBHOOK_DELIVERY_NOT_FOUND',
  /** A dispatcher is sending the delivery right now; ask again when the attempt has ended. */
  DeliveryInFlight = 'WEBHOOK_DELIVERY_IN_FLIGHT',
  /** Not http(s), credentials in the URL, or a host that resolves to a private or otherwise reserved address. */
  UrlNotAllowed = 'WEBHOOK_URL_NOT_ALLOWED',
  /** The host name does not resolve (so it cannot be checked). */
  UrlUnresolvable = 'WEBHOOK_URL_UNRESOLVABLE',
}

export class WebhookError extends Error {
  constructor(
    readonly code: WebhookErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WebhookError';
  }
}
