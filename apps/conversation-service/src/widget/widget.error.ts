export enum WidgetErrorCode {
  UnknownWidgetKey = 'WIDGET_UNKNOWN_KEY',
  OriginNotAllowed = 'WIDGET_ORIGIN_NOT_ALLOWED',
  InvalidVisitorToken = 'WIDGET_INVALID_VISITOR_TOKEN',
}

export class WidgetError extends Error {
  constructor(
    readonly code: WidgetErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WidgetError';
  }
}
